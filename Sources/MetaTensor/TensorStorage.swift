/// A contiguous, 64-byte aligned buffer of `Float` owned by one or more tensors, drawn from
/// and returned to the `BufferPool`.
///
/// Tensors never mutate a storage that another tensor can see: every operation writes a fresh
/// storage, so sharing one between tensors (reshape, detach) is free and safe across threads.
final class TensorStorage: @unchecked Sendable {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>
    /// Whether every scalar is a bfloat16 value: bf16 numerics rounded them so
    /// (`BFloat16Values.round`) before any tensor could read them.
    var holdsBFloat16Values = false
    /// The two-byte copy derivative rules keep of a storage of bfloat16 values, while one is alive
    /// (`BFloat16Storage.sharedCopy`).
    weak var bfloat16Copy: BFloat16Storage?

    /// An uninitialised buffer of `count` floats; the creator must write every element.
    init(uninitializedCount count: Int) {
        self.count = count
        let raw = BufferPool.shared.allocate(count * MemoryLayout<Float>.stride)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// A buffer of `count` zeros.
    convenience init(zeros count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: 0, count: count)
    }

    /// A buffer holding a copy of `scalars`.
    convenience init(copying scalars: UnsafeBufferPointer<Float>) {
        self.init(uninitializedCount: scalars.count)
        if let base = scalars.baseAddress { pointer.initialize(from: base, count: scalars.count) }
    }

    deinit {
        BufferPool.shared.release(UnsafeMutableRawPointer(pointer), bytes: count * MemoryLayout<Float>.stride)
    }

    var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}
