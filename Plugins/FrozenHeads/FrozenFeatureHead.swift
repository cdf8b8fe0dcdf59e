import MetaLearning

/// A learner that classifies an episode by a head fitted to the support features of a frozen body
/// (Chen et al. 2019; Wang et al. 2019; Tian et al. 2020): the body is trained elsewhere (by
/// pre-training, or by another run whose backbone this one starts from) and nothing is learned in
/// meta-training, which only evaluates its batch and leaves the state as it was. The support and
/// query images of an episode are embedded once, without gradients, and the head sees only their
/// features, so an episode's logits are a pure function of its images (and, for a head that draws
/// its initialisation, of the run's seed).
public protocol FrozenFeatureHead: Learner {
    /// The frozen body.
    var body: FrozenBody { get }
    /// Query logits [queries, ways] from support features [support, d] with their labels in
    /// `0..<ways` and query features [queries, d]; `state` holds what the head keeps (SimpleShot's
    /// base-class mean). The logits carry no gradient graph (a head may record one while fitting).
    func logits(supportFeatures: Tensor, supportLabels: [Int], ways: Int, queryFeatures: Tensor, state: LearnerState)
        -> Tensor
}

extension FrozenFeatureHead {
    /// The body's state (`FrozenBody.initialState()`).
    public func initialState() -> LearnerState {
        body.initialState()
    }

    /// Evaluates the batch, as at test time, and leaves the state unchanged: the head learns nothing
    /// from meta-training episodes.
    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let state = state
        return body.meanMetrics(batch) { evaluate($0, with: state) }
    }

    /// The head fitted to the task's support features, applied to its query features.
    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let features = body.features(task, with: state)
        return logits(
            supportFeatures: features.support, supportLabels: task.supportLabels, ways: task.ways,
            queryFeatures: features.query, state: state)
    }
}
