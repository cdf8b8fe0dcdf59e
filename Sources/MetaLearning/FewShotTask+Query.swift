extension FewShotTask {
    /// The gradients with respect to `parameters` of the query cross-entropy of `logits`
    /// [queries, ways] (computed from `parameters`), and the query metrics: one task's share of
    /// a meta-gradient, in the form `MetaBatch.meanGradient` takes.
    public func queryGradients(wrt parameters: Parameters, logits: Tensor) -> (
        gradients: Parameters, metrics: TaskMetrics
    ) {
        let loss = logits.crossEntropy(labels: queryLabels)
        return (
            parameters.gradients(of: loss),
            TaskMetrics(loss: loss.scalar, accuracy: logits.accuracy(labels: queryLabels))
        )
    }

    /// The query metrics of the logits [queries, ways] that `logits` computes without recording
    /// a graph (evaluation).
    public func queryMetrics(_ logits: () -> Tensor) -> TaskMetrics {
        withoutGradients { TaskMetrics(logits: logits(), labels: queryLabels) }
    }
}
