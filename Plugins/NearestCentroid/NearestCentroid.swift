import MetaLearning

/// Nearest class mean in pixel space: the baseline every meta-learner should beat, and the
/// smallest complete plugin (Plugins/README.md walks through it).
///
/// A query is assigned to the class whose mean support image is nearest in squared Euclidean
/// distance; its logits are the negative squared distances, so the reported loss is the
/// cross-entropy of the softmax over them. Nothing is learned: `metaTrain` only evaluates its
/// batch, and the state is an empty parameter set.
public final class NearestCentroid: Learner, @unchecked Sendable {
    /// The registry entry `nearest-centroid`; it has no hyperparameters.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "nearest-centroid",
                          summary: "nearest class mean of the support images in pixel space; no training (baseline)",
                          hyperparameters: [], acceptsTrainWays: true) { NearestCentroid($0) },
    ]

    let threads: Int

    /// A learner for the run; only the thread count matters.
    public init(_ context: LearnerContext) {
        threads = context.threads
    }

    /// Evaluates the batch (there is nothing to learn) and returns its mean metrics.
    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        TaskMetrics.mean(TaskParallel.map(batch.count, threads: threads) { self.evaluate(batch[$0]) })
    }

    public func evaluate(_ task: FewShotTask) -> TaskMetrics {
        withoutGradients {
            let logits = Self.logits(support: task.support.flattenedBatch(), labels: task.supportLabels,
                                     ways: task.ways, query: task.query.flattenedBatch())
            return TaskMetrics(logits: logits, labels: task.queryLabels)
        }
    }

    /// Logits [queries, ways]: minus the squared distance from each query row to each class's
    /// mean support row. Every class needs at least one support row.
    public static func logits(support: Tensor, labels: [Int], ways: Int, query: Tensor) -> Tensor {
        var perClass = [Int](repeating: 0, count: ways)
        for label in labels { perClass[label] += 1 }
        precondition(perClass.allSatisfy { $0 > 0 }, "NearestCentroid: every class needs a support image, counts \(perClass)")
        // Row c of `averaging` · support is the mean of class c's rows.
        let averaging = Tensor.build(shape: [ways, labels.count]) { buffer in
            buffer.initialize(repeating: 0)
            for (index, label) in labels.enumerated() { buffer[label * labels.count + index] = 1 / Float(perClass[label]) }
        }
        return -query.squaredDistances(to: Tensor.matmul(averaging, support))
    }

    /// An empty parameter set under "meta".
    public var state: LearnerState {
        LearnerState(parameters: ["meta": Parameters([])])
    }

    public func restore(_ state: LearnerState) throws {
        _ = try state.parameters("meta", matching: Parameters([]))
    }
}
