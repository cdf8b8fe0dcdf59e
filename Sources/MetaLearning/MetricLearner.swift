/// A learner that classifies by a rule on embeddings: the model's body (built without a head)
/// embeds an episode's support and query images in one batch, and `classify` turns the support
/// embeddings, their labels and the query embeddings into query logits (prototypes, attention).
/// Training minimises the query cross-entropy with the spec's meta-optimizer, the gradient averaged
/// over the tasks of a meta-batch; there is no inner loop and no head, so training episodes may
/// have more classes than test episodes. ProtoNet and Matching Networks are this with their rule.
///
/// With a batch-normalised body (Conv-4) the statistics are those of the episode's batch, at
/// training and at evaluation alike. Each training task's forward pass runs under its own
/// `TrainingNoise` seed (from the run's seed, the iteration and the task's place in the batch), so
/// a body's DropBlock draws the same masks on any number of threads.
open class MetricLearner: Learner, @unchecked Sendable {
    /// Query logits [queries, ways] from support embeddings [support, d] with their labels in
    /// `0..<ways` and query embeddings [queries, d]; differentiable in both embeddings.
    public typealias Classifier = @Sendable (_ supportEmbeddings: Tensor, _ supportLabels: [Int], _ ways: Int,
                                             _ queryEmbeddings: Tensor) -> Tensor

    /// The embedding network.
    public let model: any Model
    let classify: Classifier
    let threads: Int
    /// The run's seed, from which each training task's regularisation noise (DropBlock) is drawn.
    let seed: UInt64
    /// The embedding's parameters.
    public private(set) var metaParameters: Parameters
    private var metaOptimizer: any Optimizer

    /// A learner for the context's model built without a head (`makeModel(0)`), classifying by `classify`.
    public init(_ context: LearnerContext, classify: @escaping Classifier) {
        model = context.makeModel(0)
        self.classify = classify
        threads = context.threads
        seed = context.seed
        var generator = context.initializationGenerator()
        metaParameters = model.initialParameters(using: &generator)
        metaOptimizer = context.metaOptimizer.makeOptimizer()
    }

    /// The episode's query logits with embeddings from `parameters`.
    public func logits(_ task: FewShotTask, _ parameters: Parameters) -> Tensor {
        let supportCount = task.supportLabels.count, queryCount = task.queryLabels.count
        let embeddings = model.features(Tensor.concatenate([task.support, task.query]), parameters)
        return classify(embeddings.slice(0..<supportCount), task.supportLabels, task.ways,
                        embeddings.slice(supportCount..<(supportCount + queryCount)))
    }

    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let meta = metaParameters
        let (gradients, metrics) = MetaBatch.meanGradient(batch, threads: threads) { index, task in
            let theta = meta.variables()
            var noise = SeededGenerator(seed: self.seed, stream: [0xD80B, UInt64(iteration), UInt64(index)])
            return TrainingNoise.with(seed: noise.next()) { task.queryGradients(wrt: theta, logits: self.logits(task, theta)) }
        }
        metaOptimizer.step(&metaParameters, gradients: gradients)
        return metrics
    }

    public func predict(_ task: FewShotTask) -> Tensor {
        let meta = metaParameters
        return withoutGradients { logits(task, meta) }
    }

    /// The embedding's parameters under "meta" and the meta-optimizer's state.
    public var state: LearnerState {
        LearnerState(meta: metaParameters, optimizer: metaOptimizer.state)
    }

    public func restore(_ state: LearnerState) throws {
        (metaParameters, metaOptimizer.state) = try state.meta(matching: metaParameters)
    }
}
