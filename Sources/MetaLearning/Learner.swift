/// A meta-learner: the one protocol every learner plugin conforms to.
///
/// A learner is a set of pure functions over a learned state that the runner owns: it holds its
/// settings (model, hyperparameters, seed, threads) and nothing that changes. The runner asks for
/// `initialState()`, passes the state to `metaTrain(_:on:iteration:)` once per iteration with a
/// meta-batch of tasks, and to `evaluate(_:with:)` on validation and test tasks, possibly from
/// several threads at once; `predict(_:with:)` is the same adaptation for a trained learner put to
/// work on images whose classes are unknown. The state is a `Codable` value, so a checkpoint is
/// the state itself and training continues from it bit for bit.
public protocol Learner: Sendable {
    /// The state a run starts from: initial meta-parameters drawn from the run's seed, fresh
    /// optimizer states, no running statistics yet.
    func initialState() -> LearnerState
    /// One meta-training iteration over a meta-batch, updating `state`; returns the mean query loss
    /// and accuracy of the tasks as seen during the step (after adaptation, before the meta-update).
    func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics
    /// Adapts `state` to the task's support set exactly as evaluation does and returns the logits of
    /// its query images, [queries, outputs], with no gradient graph: column `k` scores label `k`. A
    /// learner with a fixed-size head returns one column per output, so columns from `task.ways`
    /// on belong to no class of the task. Never reads `queryLabels` (they may be unknown).
    func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor
    /// Adapts to the task's support set and scores its queries. The default is the query metrics
    /// of `predict(_:with:)`, which every built-in learner uses.
    func evaluate(_ task: FewShotTask, with state: LearnerState) -> TaskMetrics
    /// The meta learning rate `metaTrain(_:on:iteration:)` applies at `iteration` (its schedule,
    /// with any annealing the learner adds), for the run's logs; nil for a learner without one
    /// (the default).
    func metaLearningRate(iteration: Int) -> Double?
}

extension Learner {
    /// The query loss and accuracy of the logits `predict(task, with: state)` returns.
    public func evaluate(_ task: FewShotTask, with state: LearnerState) -> TaskMetrics {
        let logits = predict(task, with: state)
        return task.queryMetrics { logits }
    }

    /// None: a learner reports its meta learning rate by implementing this.
    public func metaLearningRate(iteration: Int) -> Double? { nil }
}
