/// Combining the parts of a batch (the tasks of a meta-batch, the ghost batches of a pre-training
/// batch): per-part gradients computed in parallel, then averaged in part order.
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
        meanGradient(parts: tasks.count, threads: threads, seed: seed, iteration: iteration) {
            perTask($0, tasks[$0])
        }
    }

    /// The mean over parts `0..<parts` of what `perPart` returns, computed and summed as
    /// `meanGradient(_:threads:seed:iteration:_:)` does for tasks: in parallel, across ranks, in
    /// part order, each part under its own training noise.
    public static func meanGradient(
        parts: Int, threads: Int, seed: UInt64, iteration: Int,
        _ perPart: @Sendable (Int) -> (gradients: Parameters, metrics: TaskMetrics)
    )
        -> (gradients: Parameters, metrics: TaskMetrics)
    {
        precondition(parts > 0, "MetaBatch.meanGradient needs at least one part")
        let results = TaskParallel.mapAcrossRanks(parts, threads: threads) { index in
            let (gradients, metrics) = TrainingNoise.withTask(seed: seed, iteration: iteration, index: index) {
                perPart(index)
            }
            return TaskOutcome(gradients, metrics)
        }
        let mean = withoutGradients { Parameters.sum(results.map(\.parameters)) * (1 / Float(parts)) }
        return (mean, TaskMetrics.mean(results.map(\.metrics)))
    }
}
