#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-thread scratch buffers reused across calls, so hot kernels (im2col, layout changes
/// around GEMM) do not allocate and page-fault fresh memory on every convolution.
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
            buffers.append((UnsafeMutablePointer<Float>.allocate(capacity: 1), 1))
        }
        if buffers[slot].capacity < count {
            buffers[slot].pointer.deallocate()
            let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            buffers[slot] = (raw.bindMemory(to: Float.self, capacity: count), count)
        }
        return buffers[slot].pointer
    }

    deinit {
        for buffer in buffers { UnsafeMutableRawPointer(buffer.pointer).deallocate() }
    }
}
