import MetaLearning

/// Prototypical Networks (Snell, Swersky and Zemel, NeurIPS 2017).
///
/// The model's body (built without a head) embeds images; each class's prototype is the mean
/// embedding of its support images; a query's logits are its negative squared Euclidean
/// distances to the prototypes, so the softmax over them is the paper's p(y = k | x). Training
/// minimises the query cross-entropy of each episode with the spec's meta-optimizer (and its
/// learning-rate schedule), the gradient averaged over the tasks of a meta-batch. There is no inner loop and no head, so
/// training episodes may have more classes than test episodes (`episodes.trainWays`).
///
/// Support and query images of an episode are embedded in one batch, as in the reference code;
/// with a batch-normalised body (Conv-4) the statistics are those of that batch, at training
/// and at evaluation alike.
public final class ProtoNet: Learner, @unchecked Sendable {
    /// The hyperparameters: none. The meta-optimizer and its learning-rate schedule are the spec's
    /// `training.optimizer` (Snell et al. 2017, §3.1: Adam at 1e-3, halved every 2000 episodes,
    /// the schedule `step(every: 2000, factor: 0.5)`).
    public static let hyperparameters: [Hyperparameter] = []

    /// The registry entry `protonet`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "protonet",
                          summary: "Prototypical Networks, softmax over negative squared distances to class-mean embeddings (Snell et al. 2017)",
                          hyperparameters: hyperparameters, acceptsTrainWays: true) { ProtoNet($0) },
    ]

    let model: any Model
    let threads: Int
    private(set) var metaParameters: Parameters
    private var metaOptimizer: any Optimizer

    /// A learner for the context's model built without a head (`makeModel(0)`).
    public init(_ context: LearnerContext) {
        model = context.makeModel(0)
        threads = context.threads
        var generator = context.initializationGenerator()
        metaParameters = model.initialParameters(using: &generator)
        metaOptimizer = context.metaOptimizer.makeOptimizer()
    }

    /// Logits [queries, ways]: minus the squared Euclidean distance from each query embedding
    /// [queries, d] to each class prototype, the mean of the support embeddings [support, d]
    /// with that label. Every class in `0..<ways` needs at least one support embedding.
    /// Differentiable with respect to both embeddings.
    public static func prototypeLogits(supportEmbeddings: Tensor, supportLabels: [Int], ways: Int,
                                       queryEmbeddings: Tensor) -> Tensor {
        -queryEmbeddings.squaredDistances(to: supportEmbeddings.classMeans(labels: supportLabels, classes: ways))
    }

    /// The episode's query logits with embeddings from `parameters`.
    private func logits(_ task: FewShotTask, _ parameters: Parameters) -> Tensor {
        let supportCount = task.supportLabels.count, queryCount = task.queryLabels.count
        let embeddings = model.features(Tensor.concatenate([task.support, task.query]), parameters)
        return Self.prototypeLogits(supportEmbeddings: embeddings.slice(0..<supportCount), supportLabels: task.supportLabels,
                                    ways: task.ways, queryEmbeddings: embeddings.slice(supportCount..<(supportCount + queryCount)))
    }

    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let meta = metaParameters
        let (gradients, metrics) = MetaBatch.meanGradient(batch, threads: threads) { task in
            let theta = meta.variables()
            return task.queryGradients(wrt: theta, logits: self.logits(task, theta))
        }
        metaOptimizer.step(&metaParameters, gradients: gradients)
        return metrics
    }

    public func evaluate(_ task: FewShotTask) -> TaskMetrics {
        let meta = metaParameters
        return task.queryMetrics { logits(task, meta) }
    }

    /// The embedding's parameters under "meta" and the meta-optimizer's state.
    public var state: LearnerState {
        LearnerState(meta: metaParameters, optimizer: metaOptimizer.state)
    }

    public func restore(_ state: LearnerState) throws {
        (metaParameters, metaOptimizer.state) = try state.meta(matching: metaParameters)
    }
}
