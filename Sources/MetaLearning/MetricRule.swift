/// How a `MetricLearner` classifies: query logits from support and query embeddings, with the
/// learned parameters of the rule itself if it has any (R2D2's scale, bias and regulariser; Relation
/// Networks' relation module), and the loss training minimises on those logits.
public struct MetricRule: Sendable {
    /// Query logits [queries, ways] from support embeddings [support, d] with their labels in
    /// `0..<ways`, query embeddings [queries, d] and the rule's parameters (empty for a rule without
    /// any); differentiable in the embeddings and the parameters.
    public typealias Classifier =
        @Sendable (
            _ supportEmbeddings: Tensor, _ supportLabels: [Int], _ ways: Int, _ queryEmbeddings: Tensor,
            _ parameters: Parameters
        ) -> Tensor
    /// A query loss from the logits and the query labels: a scalar, differentiable in the logits.
    public typealias Loss = @Sendable (_ logits: Tensor, _ labels: [Int]) -> Tensor
    /// The rule's initial parameters for embeddings of `featureCount` features, drawn from `generator`.
    public typealias InitialParameters =
        @Sendable (_ featureCount: Int, _ generator: inout SeededGenerator) -> Parameters

    /// The logits.
    public let classify: Classifier
    /// The rule's initial parameters; nil for a rule that learns nothing of its own.
    public let parameters: InitialParameters?
    /// The training loss; nil for the query cross-entropy (`FewShotTask.queryGradients`).
    public let loss: Loss?

    /// A rule without parameters of its own, trained on the query cross-entropy.
    public init(classify: @escaping MetricLearner.Classifier) {
        self.classify = { support, labels, ways, query, _ in classify(support, labels, ways, query) }
        parameters = nil
        loss = nil
    }

    /// A rule with learned parameters (`parameters`, when not nil) and its own loss (`loss`, when not nil).
    public init(parameters: InitialParameters?, loss: Loss? = nil, classify: @escaping Classifier) {
        self.classify = classify
        self.parameters = parameters
        self.loss = loss
    }
}
