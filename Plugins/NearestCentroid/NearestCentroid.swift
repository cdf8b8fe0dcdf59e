import MetaLearning

/// Nearest class mean in pixel space: the baseline every meta-learner should beat, and the
/// smallest complete plugin (Plugins/README.md walks through it).
///
/// A query is assigned to the class whose mean support image is nearest in squared Euclidean
/// distance; its logits are the negative squared distances, so the reported loss is the
/// cross-entropy of the softmax over them. Nothing is learned: `metaTrain` only evaluates its
/// batch, and the state is an empty parameter set.
public struct NearestCentroid: Learner {
    /// The registry entry `nearest-centroid`; it has no hyperparameters.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "nearest-centroid",
            summary: "nearest class mean of the support images in pixel space; no training (baseline)",
            hyperparameters: [], acceptsTrainWays: true, acceptsUnequalShots: true, usesMetaOptimizer: false,
            learnsInMetaTraining: false,
            taskMemory: { _ in .none }, make: { NearestCentroid($0) })
    ]

    let threads: Int

    /// A learner for the run; only the thread count matters.
    public init(_ context: LearnerContext) {
        threads = context.threads
    }

    /// An empty parameter set under "meta": nothing is learned.
    public func initialState() -> LearnerState {
        LearnerState(parameters: [LearnerState.metaRole: Parameters([])])
    }

    /// Evaluates the batch (there is nothing to learn) and returns its mean metrics.
    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let state = state
        return TaskMetrics.mean(
            TaskParallel.mapAcrossRanks(batch.count, threads: threads) { evaluate(batch[$0], with: state) })
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        withoutGradients {
            Self.logits(
                support: task.support.flattenedBatch(), labels: task.supportLabels, ways: task.ways,
                query: task.query.flattenedBatch())
        }
    }

    /// Logits [queries, ways]: minus the squared distance from each query row to each class's
    /// mean support row. Every class needs at least one support row.
    public static func logits(support: Tensor, labels: [Int], ways: Int, query: Tensor) -> Tensor {
        -query.squaredDistances(to: support.classMeans(labels: labels, classes: ways))
    }
}
