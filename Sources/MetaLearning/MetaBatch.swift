/// Combining the tasks of a meta-batch: per-task meta-gradients computed in parallel, then
/// averaged in task order.
public enum MetaBatch {
    /// The mean over `tasks` of the gradients and metrics `perTask` returns for each task,
    /// computed on up to `threads` threads (and divided among the ranks of the `ProcessGroup` in
    /// effect, if any) and summed in task order, so the result is the same for any thread or rank count.
    public static func meanGradient(_ tasks: [FewShotTask], threads: Int,
                                    _ perTask: @Sendable (FewShotTask) -> (gradients: Parameters, metrics: TaskMetrics))
        -> (gradients: Parameters, metrics: TaskMetrics) {
        meanGradient(tasks, threads: threads) { _, task in perTask(task) }
    }

    /// `meanGradient(_:threads:_:)` where `perTask` also receives the task's index in the batch
    /// (for noise drawn per task, such as DropBlock's, and per-task records kept in task order,
    /// such as batch-norm statistics).
    public static func meanGradient(_ tasks: [FewShotTask], threads: Int,
                                    _ perTask: @Sendable (Int, FewShotTask) -> (gradients: Parameters, metrics: TaskMetrics))
        -> (gradients: Parameters, metrics: TaskMetrics) {
        precondition(!tasks.isEmpty, "MetaBatch.meanGradient needs at least one task")
        let results = TaskParallel.mapAcrossRanks(tasks.count, threads: threads) { index in
            let (gradients, metrics) = perTask(index, tasks[index])
            return TaskOutcome(gradients, metrics)
        }
        let mean = withoutGradients { Parameters.sum(results.map(\.parameters)) * (1 / Float(tasks.count)) }
        return (mean, TaskMetrics.mean(results.map(\.metrics)))
    }
}
