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
public struct MetricLearner: Learner {
    /// Query logits [queries, ways] from support embeddings [support, d] with their labels in
    /// `0..<ways` and query embeddings [queries, d]; differentiable in both embeddings.
    public typealias Classifier =
        @Sendable (
            _ supportEmbeddings: Tensor, _ supportLabels: [Int], _ ways: Int,
            _ queryEmbeddings: Tensor
        ) -> Tensor

    /// The embedding network.
    public let model: any Model
    let classify: Classifier
    let context: LearnerContext
    let batchNorm: BatchNormBookkeeping

    /// A learner for the context's model built without a head (`makeModel(0)`), classifying by `classify`.
    public init(_ context: LearnerContext, classify: @escaping Classifier) {
        model = context.makeModel(0)
        self.classify = classify
        self.context = context
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// The embedding's initial parameters under "meta", a fresh meta-optimizer state and, in
    /// inference batch-norm mode, empty running statistics.
    public func initialState() -> LearnerState {
        context.initialState(of: model)
    }

    /// The episode's query logits with embeddings from `parameters`, batch norm as `normalization` says.
    public func logits(_ task: FewShotTask, _ parameters: Parameters, normalization: Normalization = .batch) -> Tensor {
        let supportCount = task.supportLabels.count
        let queryCount = task.queryLabels.count
        let embeddings = model.features(
            Tensor.concatenate([task.support, task.query]), parameters, normalization: normalization)
        return classify(
            embeddings.slice(0..<supportCount), task.supportLabels, task.ways,
            embeddings.slice(supportCount..<(supportCount + queryCount)))
    }

    /// The meta-optimizer's scheduled rate at `iteration`.
    public func metaLearningRate(iteration: Int) -> Double? {
        context.metaOptimizer.scheduledRate(step: iteration)
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let meta = state.meta
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(
            batch, threads: context.threads, seed: context.seed,
            iteration: iteration
        ) { index, task in
            let theta = meta.variables()
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            return task.queryGradients(wrt: theta, logits: self.logits(task, theta, normalization: normalization))
        }
        state.update(gradients: gradients, with: context.metaOptimizer)
        batchNorm.fold(recorders, into: &state)
        return metrics
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let meta = state.meta
        let normalization = batchNorm.evaluation(state)
        return withoutGradients { logits(task, meta, normalization: normalization) }
    }
}
