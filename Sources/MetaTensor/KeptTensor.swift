import Synchronization

/// A tensor as a derivative rule keeps it until the backward pass reads it.
///
/// A tensor of bfloat16 values (what bf16 numerics makes of a convolution's input and output and
/// of leaky ReLU's output) is kept in two bytes per scalar, in one copy that every rule keeping
/// it shares, so its Float storage goes back to the pool as soon as the forward pass is done with
/// it: a ResNet-12 episode keeps its activations in half the memory. Any other tensor is kept as
/// it is. Either way `tensor` gives back the same scalars, bit for bit, with the same gradient
/// node, so derivatives read from what is kept are those of what was computed.
struct KeptTensor: @unchecked Sendable {
    private enum Scalars {
        case float(TensorStorage)
        case bfloat16(BFloat16Storage)
    }

    private let shape: [Int]
    private let node: GradientNode?
    private let scalars: Scalars

    /// What the rule of an operation on `inputs` keeps of `tensor`. Nothing is copied when the
    /// operation records no graph (`Tensor.records`): its rule is never kept.
    init(_ tensor: Tensor, keptByOperationOn inputs: [Tensor]) {
        shape = tensor.shape
        node = tensor.node
        if tensor.storage.holdsBFloat16Values && Tensor.records(inputs) {
            scalars = .bfloat16(BFloat16Storage.sharedCopy(of: tensor.storage))
        } else {
            scalars = .float(tensor.storage)
        }
    }

    /// The kept tensor, in Float again (a fresh storage each time when kept in two bytes).
    var tensor: Tensor {
        switch scalars {
        case .float(let storage): Tensor(shape: shape, storage: storage, node: node)
        case .bfloat16(let halves): Tensor(shape: shape, storage: BFloat16Values.expanded(halves), node: node)
        }
    }
}

/// Scalars that are bfloat16 values in two bytes each, drawn from and returned to the `BufferPool`.
final class BFloat16Storage: @unchecked Sendable {
    let count: Int
    let pointer: UnsafeMutablePointer<UInt16>

    /// Serialises the making of shared copies (a storage's copy is made once, by whichever rule
    /// asks first).
    private static let sharing = Mutex(())

    /// An uninitialised buffer of `count` halves; the creator must write every element.
    init(count: Int) {
        self.count = count
        let raw = BufferPool.shared.allocate(count * MemoryLayout<UInt16>.stride)
        pointer = raw.bindMemory(to: UInt16.self, capacity: max(count, 1))
    }

    deinit {
        BufferPool.shared.release(UnsafeMutableRawPointer(pointer), bytes: count * MemoryLayout<UInt16>.stride)
    }

    /// The two-byte copy of `storage`, which holds bfloat16 values: the one already kept by some
    /// rule while that copy is alive, else a new one.
    static func sharedCopy(of storage: TensorStorage) -> BFloat16Storage {
        sharing.withLock { _ in
            if let copy = storage.bfloat16Copy { return copy }
            let copy = BFloat16Values.compacted(storage)
            storage.bfloat16Copy = copy
            return copy
        }
    }
}
