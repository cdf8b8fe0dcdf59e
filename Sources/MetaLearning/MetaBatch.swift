/// Combining the tasks of a meta-batch: per-task meta-gradients computed in parallel, then
/// averaged in task order.
public enum MetaBatch {
    /// The mean over `tasks` of the gradients and metrics `perTask` returns for each task,
    /// computed on up to `threads` threads and summed in task order (so the result is the same
    /// for any thread count).
    public static func meanGradient(_ tasks: [FewShotTask], threads: Int,
                                    _ perTask: @Sendable (FewShotTask) -> (gradients: Parameters, metrics: TaskMetrics))
        -> (gradients: Parameters, metrics: TaskMetrics) {
        meanGradient(tasks, threads: threads) { _, task in perTask(task) }
    }

    /// `meanGradient` for a `perTask` that also takes the task's index in `tasks` (to keep per-task
    /// records, such as batch-norm statistics, in task order).
    public static func meanGradient(_ tasks: [FewShotTask], threads: Int,
                                    _ perTask: @Sendable (Int, FewShotTask) -> (gradients: Parameters, metrics: TaskMetrics))
        -> (gradients: Parameters, metrics: TaskMetrics) {
        precondition(!tasks.isEmpty, "MetaBatch.meanGradient needs at least one task")
        let results = TaskParallel.map(tasks.count, threads: threads) { perTask($0, tasks[$0]) }
        let mean = withoutGradients { Parameters.sum(results.map(\.gradients)) * (1 / Float(tasks.count)) }
        return (mean, TaskMetrics.mean(results.map(\.metrics)))
    }
}
