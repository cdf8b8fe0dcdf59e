import Synchronization

/// A contiguous, 64-byte aligned buffer of `Float` owned by one or more tensors, drawn from
/// and returned to the `BufferPool`.
///
/// Tensors never mutate a storage that another tensor can see: every operation writes a fresh
/// storage, so sharing one between tensors (reshape, detach) is free and safe across threads.
final class TensorStorage: @unchecked Sendable {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>
    /// Data computed from these values, kept for as long as they live (they never change).
    private let derivedData = Mutex<TensorStorage?>(nil)

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

    /// The data `make` computes from these values alone: made by the first caller, kept, and
    /// handed to every later one. One kind of derived data, so one use: the Winograd transform of
    /// convolution kernels (it does not depend on how the values are split into output and
    /// input channels), shared by the forward pass and the input gradient, and by every task of
    /// a meta-batch that convolves with the same kernels.
    func derived(_ make: () -> TensorStorage) -> TensorStorage {
        derivedData.withLock { cached in
            if let cached { return cached }
            let made = make()
            cached = made
            return made
        }
    }

    var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}
