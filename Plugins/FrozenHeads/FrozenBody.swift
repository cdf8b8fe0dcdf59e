import MetaLearning

/// The frozen backbone a head on frozen features classifies with: the context's model built
/// without a head (`makeModel(0)`), its parameters the state's `meta` set (which the runner replaces
/// with a trained body's), and its batch norm as the spec's `model.batchNorm` says: the episode's
/// own statistics in `transductive` mode, the state's running statistics in `inference` mode, so
/// that each query is embedded on its own.
public struct FrozenBody: Sendable {
    /// What one meta-training task keeps alive: a forward pass over the episode without a graph.
    public static let taskMemory = TaskMemory(supportCopies: 1, queryCopies: 1)

    /// The body.
    public let model: any Model
    let context: LearnerContext
    let batchNorm: BatchNormBookkeeping

    /// The body of the context's model.
    public init(_ context: LearnerContext) {
        model = context.makeModel(0)
        self.context = context
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// The run's seed, for heads that draw their own initialisation.
    public var seed: UInt64 { context.seed }

    /// The body's initial parameters under `meta` (the names `makeModel(0).parameterShapes` gives),
    /// a meta-optimizer state and, in inference batch-norm mode, empty running statistics.
    public func initialState() -> LearnerState {
        context.initialState(of: model)
    }

    /// The features of the task's support and query images, [support, d] and [queries, d], from one
    /// forward pass over both without a gradient graph (as `MetricLearner` embeds an episode).
    public func features(_ task: FewShotTask, with state: LearnerState) -> (support: Tensor, query: Tensor) {
        let supportCount = task.supportLabels.count
        let normalization = batchNorm.evaluation(state)
        let features = withoutGradients {
            model.features(Tensor.concatenate([task.support, task.query]), state.meta, normalization: normalization)
        }
        return (features.slice(0..<supportCount), features.slice(supportCount..<features.shape[0]))
    }

    /// The mean query metrics of `evaluate` over a batch, its tasks on the context's threads (and
    /// shared among the ranks under `mpirun`), combined in task order.
    func meanMetrics(_ batch: [FewShotTask], _ evaluate: @escaping @Sendable (FewShotTask) -> TaskMetrics)
        -> TaskMetrics
    {
        TaskMetrics.mean(TaskParallel.mapAcrossRanks(batch.count, threads: context.threads) { evaluate(batch[$0]) })
    }
}
