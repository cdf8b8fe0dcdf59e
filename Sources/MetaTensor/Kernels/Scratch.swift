#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Per-thread scratch buffers reused across calls, so hot kernels (im2col, layout changes
/// around GEMM) do not allocate and page-fault fresh memory on every convolution. The buffers
/// come from the `BufferPool` and go back to it when the thread ends, so a thread that replaces
/// a finished one reuses their memory.
final class Scratch {
    private var buffers: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<Scratch>.fromOpaque(pointer).release()
        }
        precondition(status == 0, "cannot create the scratch-buffer thread key")
        return key
    }()

    /// The calling thread's scratch buffers.
    static var current: Scratch {
        if let existing = pthread_getspecific(key) {
            return Unmanaged<Scratch>.fromOpaque(existing).takeUnretainedValue()
        }
        let scratch = Scratch()
        pthread_setspecific(key, Unmanaged.passRetained(scratch).toOpaque())
        return scratch
    }

    /// A buffer of at least `count` floats in `slot`, valid until the next request for the
    /// same slot on this thread. Its contents are undefined.
    func buffer(_ slot: Int, count: Int) -> UnsafeMutablePointer<Float> {
        while buffers.count <= slot {
            buffers.append((Scratch.allocate(1), 1))
        }
        if buffers[slot].capacity < count {
            Scratch.release(buffers[slot])
            buffers[slot] = (Scratch.allocate(count), count)
        }
        return buffers[slot].pointer
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        BufferPool.shared.allocate(count * MemoryLayout<Float>.stride).bindMemory(to: Float.self, capacity: count)
    }

    private static func release(_ buffer: (pointer: UnsafeMutablePointer<Float>, capacity: Int)) {
        BufferPool.shared.release(
            UnsafeMutableRawPointer(buffer.pointer), bytes: buffer.capacity * MemoryLayout<Float>.stride)
    }

    deinit {
        buffers.forEach(Scratch.release)
    }
}
