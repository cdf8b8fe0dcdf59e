/// Combining the tasks of a meta-batch: per-task meta-gradients computed in parallel, then
/// averaged in task order.
public enum MetaBatch {
    /// The mean over `tasks` of the gradients and metrics `perTask` returns for each task (given its
    /// index in the batch, for per-task records kept in task order such as batch-norm statistics),
    /// computed on up to `threads` threads (and divided among the ranks of the `ProcessGroup` in
    /// effect, if any) and summed in task order, so the result is the same for any thread or rank count.
    /// Each task runs as a training pass of meta-training iteration `iteration` of the run seeded
    /// `seed` (`TrainingNoise.withTask`), so a model's DropBlock draws that task's masks.
    public static func meanGradient(
        _ tasks: [FewShotTask], threads: Int, seed: UInt64, iteration: Int,
        _ perTask: @Sendable (Int, FewShotTask) -> (gradients: Parameters, metrics: TaskMetrics)
    )
        -> (gradients: Parameters, metrics: TaskMetrics)
    {
        precondition(!tasks.isEmpty, "MetaBatch.meanGradient needs at least one task")
        let results = TaskParallel.mapAcrossRanks(tasks.count, threads: threads) { index in
            let (gradients, metrics) = TrainingNoise.withTask(seed: seed, iteration: iteration, index: index) {
                perTask(index, tasks[index])
            }
            return TaskOutcome(gradients, metrics)
        }
        let mean = withoutGradients { Parameters.sum(results.map(\.parameters)) * (1 / Float(tasks.count)) }
        return (mean, TaskMetrics.mean(results.map(\.metrics)))
    }
}
