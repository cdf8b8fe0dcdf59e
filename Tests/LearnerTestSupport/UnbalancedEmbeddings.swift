import MetaLearning

/// Embeddings of an episode as Meta-Dataset draws them, for checks of a rule on embeddings: 3 classes
/// with 3, 1 and 2 support embeddings in an interleaved order, 4 queries, and the same support set in
/// another order.
public struct UnbalancedEmbeddings {
    /// Support embeddings [6, dimensions].
    public let support: Tensor
    /// Their labels: 0, 2, 1, 0, 2, 0.
    public let labels: [Int]
    /// Query embeddings [4, dimensions].
    public let query: Tensor
    /// The number of classes, 3.
    public let ways = 3
    /// The support embeddings reordered.
    public let reorderedSupport: Tensor
    /// Their labels.
    public let reorderedLabels: [Int]

    /// Normal random embeddings of `dimensions` features drawn from `seed`, shifted by `offset` (a
    /// positive offset keeps cosines away from zero norms).
    public init(dimensions: Int = 4, offset: Float = 0, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        func rows(_ count: Int) -> Tensor {
            Tensor(
                shape: [count, dimensions],
                scalars: (0..<(count * dimensions)).map { _ in Float(generator.nextNormal()) + offset })
        }
        let support = rows(6)
        let labels = [0, 2, 1, 0, 2, 0]
        let order = [5, 2, 0, 4, 1, 3]
        self.support = support
        self.labels = labels
        query = rows(4)
        reorderedSupport = support.gatheringRows(order)
        reorderedLabels = order.map { labels[$0] }
    }
}

/// ‖a − b‖ / max(1, ‖b‖) in the Frobenius norm: how far two logit tensors of one shape lie apart.
public func relativeDistance(_ a: Tensor, _ b: Tensor) -> Float {
    (a - b).squared().sum().scalar.squareRoot() / max(1, b.squared().sum().scalar.squareRoot())
}
