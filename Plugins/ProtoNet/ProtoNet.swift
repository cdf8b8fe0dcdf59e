import MetaLearning

/// Prototypical Networks (Snell, Swersky and Zemel, NeurIPS 2017).
///
/// A `MetricLearner` whose rule is the paper's: each class's prototype is the mean embedding of its
/// support images, and a query's logits are its negative squared Euclidean distances to the
/// prototypes, so the softmax over them is the paper's p(y = k | x). Support and query images of an
/// episode are embedded in one batch, as in the reference code. A `temperature` divides the
/// distances first (metric scaling, Oreshkin et al. 2018): wide embeddings such as ResNet-12's 640
/// features give squared distances in the hundreds, which saturate the softmax at temperature 1.
///
/// With `metric: cosine` a query's logits are its cosine similarities to the prototypes times a
/// learned scale τ: Meta-Baseline's classifier (Chen et al. 2021, §3.2), which meta-trains a
/// pre-trained body (`pretraining`, or `model.initialization` naming a pre-trained run).
public enum ProtoNet {
    /// How a query is compared with the prototypes.
    public enum Metric: String, Sendable, CaseIterable, HyperparameterWord {
        case euclidean, cosine
    }

    /// The comparison of queries with prototypes.
    public static let metric = Hyperparameter<Metric>(
        "metric",
        "euclidean: minus the squared distance over `temperature` (Snell et al. 2017); cosine: the cosine "
            + "similarity times a learned scale starting at `scale` (Meta-Baseline, Chen et al. 2021)",
        default: .euclidean, writtenAtDefault: false)
    /// The learned scale's starting value for the cosine metric.
    public static let scale = Hyperparameter<Double>(
        "scale", "the cosine metric's learned scale τ at the start (Chen et al. 2021's code: 10)", .real(.positive),
        default: 10, writtenAtDefault: false)

    /// The temperature of metric scaling. The meta-optimizer and its learning-rate schedule are the
    /// spec's `training.optimizer` and `training.schedule` (Snell et al. 2017, §3.1: Adam at 1e-3,
    /// halved every 2000 episodes: the schedule `{"name": "step", "every": 2000, "factor": 0.5}`).
    public static let temperature = Hyperparameter<Double>(
        "temperature",
        "the squared distances are divided by it before the softmax (metric scaling, Oreshkin et al. "
            + "2018; ResNet-12 implementations use 64); Snell et al. 2017: 1", .real(.positive), default: 1,
        writtenAtDefault: false)

    /// The registry entry `protonet`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "protonet",
            summary:
                "Prototypical Networks, softmax over negative squared distances to class-mean embeddings (Snell et al. 2017)",
            hyperparameters: [temperature, metric, scale], acceptsTrainWays: true, acceptsUnequalShots: true,
            acceptsInferenceBatchNorm: true, make: learner)
    ]

    /// A learner for the context's model built without a head (`makeModel(0)`).
    public static func learner(_ context: LearnerContext) -> MetricLearner {
        if context[metric] == .cosine {
            let start = Float(context[scale])
            let rule = MetricRule(
                parameters: { _, _ in Parameters([("scale", Tensor(shape: [1], scalars: [start]))]) },
                classify: { support, labels, ways, queries, parameters in
                    cosinePrototypeLogits(
                        supportEmbeddings: support, supportLabels: labels, ways: ways, queryEmbeddings: queries,
                        scale: parameters.require("scale"))
                })
            return MetricLearner(context, rule: rule)
        }
        let temperature = Float(context[Self.temperature])
        return MetricLearner(context) { support, labels, ways, queries in
            prototypeLogits(
                supportEmbeddings: support, supportLabels: labels, ways: ways, queryEmbeddings: queries,
                temperature: temperature)
        }
    }

    /// Logits [queries, ways]: minus the squared Euclidean distance from each query embedding
    /// [queries, d] to each class prototype, the mean of the support embeddings [support, d]
    /// with that label, divided by `temperature`. Every class in `0..<ways` needs at least one
    /// support embedding. Differentiable with respect to both embeddings.
    public static func prototypeLogits(
        supportEmbeddings: Tensor, supportLabels: [Int], ways: Int,
        queryEmbeddings: Tensor, temperature: Float = 1
    ) -> Tensor {
        let distances = queryEmbeddings.squaredDistances(
            to: supportEmbeddings.classMeans(labels: supportLabels, classes: ways))
        return temperature == 1 ? -distances : distances * (-1 / temperature)
    }

    /// Logits [queries, ways]: `scale` (a learned [1] tensor) times the cosine similarity between each
    /// query embedding [queries, d] and each class prototype, the mean of the support embeddings
    /// [support, d] with that label (Chen et al. 2021). Differentiable in the embeddings and the scale.
    public static func cosinePrototypeLogits(
        supportEmbeddings: Tensor, supportLabels: [Int], ways: Int, queryEmbeddings: Tensor, scale: Tensor
    ) -> Tensor {
        queryEmbeddings.cosineSimilarities(to: supportEmbeddings.classMeans(labels: supportLabels, classes: ways))
            * scale
    }
}
