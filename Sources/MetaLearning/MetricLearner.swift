/// A learner that classifies by a rule on embeddings: the model's body (built without a head)
/// embeds an episode's support and query images in one batch, and `classify` turns the support
/// embeddings, their labels and the query embeddings into query logits (prototypes, attention).
/// Training minimises the query cross-entropy with the spec's meta-optimizer, the gradient averaged
/// over the tasks of a meta-batch; there is no inner loop and no head, so training episodes may
/// have more classes than test episodes. ProtoNet and Matching Networks are this with their rule.
///
/// With a batch-normalised body (Conv-4, ResNet-12) the statistics are those of the episode's
/// batch, at training and at evaluation alike; in `inference` batch-norm mode (`model.batchNorm`,
/// for learners registered with `acceptsInferenceBatchNorm`) training also keeps running averages
/// of them, gathered in task order, and evaluation normalises by those, so each query is embedded
/// on its own. Each training task's forward pass runs under its own
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
    /// The running batch-norm statistics of inference mode.
    private var batchNorm: BatchNormBookkeeping

    /// A learner for the context's model built without a head (`makeModel(0)`), classifying by `classify`.
    public init(_ context: LearnerContext, classify: @escaping Classifier) {
        model = context.makeModel(0)
        self.classify = classify
        threads = context.threads
        seed = context.seed
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
        var generator = context.initializationGenerator()
        metaParameters = model.initialParameters(using: &generator)
        metaOptimizer = context.metaOptimizer.makeOptimizer()
    }

    /// The episode's query logits with embeddings from `parameters`, batch norm as `normalization` says.
    public func logits(_ task: FewShotTask, _ parameters: Parameters, normalization: Normalization = .batch) -> Tensor {
        let supportCount = task.supportLabels.count, queryCount = task.queryLabels.count
        let embeddings = model.features(Tensor.concatenate([task.support, task.query]), parameters, normalization: normalization)
        return classify(embeddings.slice(0..<supportCount), task.supportLabels, task.ways,
                        embeddings.slice(supportCount..<(supportCount + queryCount)))
    }

    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let meta = metaParameters
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(batch, threads: threads, seed: seed, iteration: iteration) { index, task in
            let theta = meta.variables()
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            return task.queryGradients(wrt: theta, logits: self.logits(task, theta, normalization: normalization))
        }
        metaOptimizer.step(&metaParameters, gradients: gradients)
        batchNorm.fold(recorders)
        return metrics
    }

    public func predict(_ task: FewShotTask) -> Tensor {
        let meta = metaParameters
        let normalization = batchNorm.evaluation
        return withoutGradients { logits(task, meta, normalization: normalization) }
    }

    /// The embedding's parameters under "meta", the meta-optimizer's state and, in inference
    /// batch-norm mode, the running statistics.
    public var state: LearnerState {
        var state = LearnerState(meta: metaParameters, optimizer: metaOptimizer.state)
        batchNorm.save(into: &state)
        return state
    }

    public func restore(_ state: LearnerState) throws {
        (metaParameters, metaOptimizer.state) = try state.meta(matching: metaParameters)
        try batchNorm.restore(from: state)
    }
}
