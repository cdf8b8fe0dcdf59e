/// The outcome of one training step or one evaluated task.
public struct TaskMetrics: Sendable, Equatable {
    /// Mean cross-entropy on the query set.
    public var loss: Float
    /// Fraction of query images classified correctly, in [0, 1].
    public var accuracy: Float

    /// Metrics with the given values.
    public init(loss: Float, accuracy: Float) {
        self.loss = loss
        self.accuracy = accuracy
    }

    /// The query metrics of `logits` [queries, ways] against `labels`: mean cross-entropy and accuracy.
    public init(logits: Tensor, labels: [Int]) {
        self.init(
            loss: withoutGradients { logits.crossEntropy(labels: labels).scalar },
            accuracy: logits.accuracy(labels: labels))
    }

    /// The mean over several tasks, accumulated in order.
    public static func mean(_ metrics: [TaskMetrics]) -> TaskMetrics {
        guard !metrics.isEmpty else { return TaskMetrics(loss: 0, accuracy: 0) }
        let count = Float(metrics.count)
        return TaskMetrics(
            loss: metrics.reduce(0) { $0 + $1.loss } / count,
            accuracy: metrics.reduce(0) { $0 + $1.accuracy } / count)
    }
}
