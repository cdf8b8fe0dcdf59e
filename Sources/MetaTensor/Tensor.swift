/// A Float32 tensor: a shape (NCHW for images), contiguous row-major scalars, and, when it
/// takes part in differentiation, the node of the graph that produced it.
///
/// Tensors are values: operations return new tensors and never change their inputs, so a tensor
/// can be shared between threads and kept in a graph without copying. The graph lives in the
/// tensors themselves (each result knows its inputs and its derivative rule); it is freed when
/// the last tensor referring to it goes away.
public struct Tensor: @unchecked Sendable {
    /// The extent of each dimension; `[]` for a scalar.
    public let shape: [Int]
    let storage: TensorStorage
    let node: GradientNode?

    init(shape: [Int], storage: TensorStorage, node: GradientNode? = nil) {
        precondition(
            shape.reduce(1, *) == storage.count,
            "tensor shape \(shape) does not match \(storage.count) scalars")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "tensor shape \(shape) has a negative extent")
        precondition(
            shape.reduce(1, *) == scalars.count,
            "tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.init(shape: shape, storage: scalars.withUnsafeBufferPointer { TensorStorage(copying: $0) })
    }

    /// A tensor of the given shape filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        let storage = TensorStorage(uninitializedCount: shape.reduce(1, *))
        storage.pointer.initialize(repeating: value, count: storage.count)
        self.init(shape: shape, storage: storage)
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(zeros: shape.reduce(1, *)))
    }

    /// The n×n identity matrix (a constant).
    public static func identity(_ n: Int) -> Tensor {
        Tensor(shape: [n, n], scalars: (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 })
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) {
        self.init(repeating: value, shape: [])
    }

    /// The number of scalars.
    public var count: Int { storage.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// A copy of the scalars in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }

    /// The value of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor of shape \(shape) (\(count) elements)")
        return storage.pointer[0]
    }

    /// Whether gradients can flow to this tensor: it is a variable or was computed from one
    /// while gradients were being recorded.
    public var requiresGradient: Bool { node != nil }

    /// The same values as a fresh variable: a leaf of the graph that `gradients(of:wrt:)` can
    /// differentiate with respect to. Each call makes a distinct variable.
    public func variable() -> Tensor {
        Tensor(shape: shape, storage: storage, node: GradientNode(leafOf: shape))
    }

    /// The same values with no gradient history (a constant).
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage)
    }

    /// Calls `body` with the scalars; the pointer is valid only inside the call.
    public func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows
        -> Result
    {
        try body(UnsafeBufferPointer(storage.buffer))
    }

    /// A new constant tensor whose scalars `body` writes; every element must be written.
    public static func build(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows
        -> Tensor
    {
        let storage = TensorStorage(uninitializedCount: shape.reduce(1, *))
        try body(storage.buffer)
        return Tensor(shape: shape, storage: storage)
    }

    /// True when both tensors hold the same shape and bit-for-bit the same scalars.
    public func isIdentical(to other: Tensor) -> Bool {
        guard shape == other.shape else { return false }
        if storage === other.storage { return true }
        for i in 0..<count where storage.pointer[i].bitPattern != other.storage.pointer[i].bitPattern {
            return false
        }
        return true
    }
}

extension Tensor: CustomStringConvertible {
    /// The shape and up to the first eight scalars.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}
