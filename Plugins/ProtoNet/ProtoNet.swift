import MetaLearning

/// Prototypical Networks (Snell, Swersky and Zemel, NeurIPS 2017).
///
/// A `MetricLearner` whose rule is the paper's: each class's prototype is the mean embedding of its
/// support images, and a query's logits are its negative squared Euclidean distances to the
/// prototypes, so the softmax over them is the paper's p(y = k | x). Support and query images of an
/// episode are embedded in one batch, as in the reference code.
public final class ProtoNet: MetricLearner, @unchecked Sendable {
    /// The hyperparameters: none. The meta-optimizer and its learning-rate schedule are the spec's
    /// `training.optimizer` and `training.schedule` (Snell et al. 2017, §3.1: Adam at 1e-3, halved
    /// every 2000 episodes: the schedule `{"name": "step", "every": 2000, "factor": 0.5}`).
    public static let hyperparameters: [Hyperparameter] = []

    /// The registry entry `protonet`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "protonet",
                          summary: "Prototypical Networks, softmax over negative squared distances to class-mean embeddings (Snell et al. 2017)",
                          hyperparameters: hyperparameters, acceptsTrainWays: true, acceptsUnequalShots: true,
                          acceptsInferenceBatchNorm: true) { ProtoNet($0) },
    ]

    /// A learner for the context's model built without a head (`makeModel(0)`).
    public init(_ context: LearnerContext) {
        super.init(context, classify: Self.prototypeLogits)
    }

    /// Logits [queries, ways]: minus the squared Euclidean distance from each query embedding
    /// [queries, d] to each class prototype, the mean of the support embeddings [support, d]
    /// with that label. Every class in `0..<ways` needs at least one support embedding.
    /// Differentiable with respect to both embeddings.
    public static func prototypeLogits(supportEmbeddings: Tensor, supportLabels: [Int], ways: Int,
                                       queryEmbeddings: Tensor) -> Tensor {
        -queryEmbeddings.squaredDistances(to: supportEmbeddings.classMeans(labels: supportLabels, classes: ways))
    }
}
