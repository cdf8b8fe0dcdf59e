/// One few-shot classification task as tensors: a labelled support set to adapt on and a
/// labelled query set to be judged on. Labels are in `0..<ways`.
public struct FewShotTask: Sendable {
    /// Support images, [ways·shots, C, H, W].
    public let support: Tensor
    /// The label of each support image.
    public let supportLabels: [Int]
    /// Query images, [ways·queries, C, H, W].
    public let query: Tensor
    /// The label of each query image.
    public let queryLabels: [Int]
    /// The number of classes.
    public let ways: Int

    /// A task from tensors and labels; the counts must match the tensors' first axes.
    public init(support: Tensor, supportLabels: [Int], query: Tensor, queryLabels: [Int], ways: Int) {
        precondition(
            support.shape.first == supportLabels.count && query.shape.first == queryLabels.count,
            "FewShotTask: \(supportLabels.count) support and \(queryLabels.count) query labels for tensors \(support.shape) and \(query.shape)"
        )
        precondition(
            (supportLabels + queryLabels).allSatisfy { (0..<ways).contains($0) },
            "FewShotTask: labels must lie in 0..<\(ways)")
        self.support = support
        self.supportLabels = supportLabels
        self.query = query
        self.queryLabels = queryLabels
        self.ways = ways
    }

    /// Shots per class (support images per label). With unequal shots (Meta-Dataset's episodes, a
    /// user's own support set) only their mean, rounded down: each class's count is in `supportLabels`.
    public var shots: Int { supportLabels.count / max(ways, 1) }
}
