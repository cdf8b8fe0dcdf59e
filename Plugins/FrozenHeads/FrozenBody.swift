import MetaLearning

/// The frozen backbone a head on frozen features classifies with: the context's model built
/// without a head (`makeModel(0)`), its parameters the state's `meta` set (which the runner replaces
/// with a trained body's), and its batch norm as the spec's `model.batchNorm` says: the episode's
/// own statistics in `transductive` mode, the state's running statistics in `inference` mode, so
/// that each query is embedded on its own. In inference mode an image's features depend on it
/// alone, so each image is embedded by itself and remembered (`FeatureMemo`): an episode's features
/// are then the same whichever episode first drew its images, and a test set is embedded once.
public struct FrozenBody: Sendable {
    /// What one meta-training task keeps alive: a forward pass over the episode without a graph.
    public static let taskMemory = TaskMemory(supportCopies: 1, queryCopies: 1)

    /// The body.
    public let model: any Model
    let context: LearnerContext
    let batchNorm: BatchNormBookkeeping
    let memo = FeatureMemo()

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

    /// The features of the task's support and query images, [support, d] and [queries, d], without a
    /// gradient graph: in transductive mode from one forward pass over both (as `MetricLearner`
    /// embeds an episode), in inference mode image by image through the memo.
    public func features(_ task: FewShotTask, with state: LearnerState) -> (support: Tensor, query: Tensor) {
        let supportCount = task.supportLabels.count
        let images = Tensor.concatenate([task.support, task.query])
        let normalization = batchNorm.evaluation(state)
        let features = withoutGradients {
            batchNorm.mode == .inference
                ? embedOneByOne(images, state, normalization)
                : model.features(images, state.meta, normalization: normalization)
        }
        return (features.slice(0..<supportCount), features.slice(supportCount..<features.shape[0]))
    }

    /// The features of each image embedded alone with the running statistics, remembered per state.
    private func embedOneByOne(_ images: Tensor, _ state: LearnerState, _ normalization: Normalization) -> Tensor {
        let running = state.parameters[BatchNormBookkeeping.role]?.tensors ?? []
        let bodyState = state.meta.tensors + running
        return Tensor.concatenate(
            (0..<images.shape[0]).map { index in
                memo.features(of: images.slice(index..<index + 1), state: bodyState) {
                    model.features($0, state.meta, normalization: normalization)
                }
            })
    }

    /// The mean query metrics of `evaluate` over a batch, its tasks on the context's threads (and
    /// shared among the ranks under `mpirun`), combined in task order.
    func meanMetrics(_ batch: [FewShotTask], _ evaluate: @escaping @Sendable (FewShotTask) -> TaskMetrics)
        -> TaskMetrics
    {
        TaskMetrics.mean(TaskParallel.mapAcrossRanks(batch.count, threads: context.threads) { evaluate(batch[$0]) })
    }
}
