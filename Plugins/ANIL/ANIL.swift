import MetaLearning

/// Almost No Inner Loop (Raghu, Raghu, Bengio and Vinyals, "Rapid Learning or Feature Reuse?",
/// ICLR 2020): MAML whose inner loop adapts only the head.
///
/// The body's features of the support and query sets are computed once per task from the
/// meta-parameters (the inner loop never changes the body, so they stay valid), and the head
/// alone takes `innerSteps` SGD steps on the support features. The query loss of the adapted
/// head is differentiated with respect to every meta-parameter: the body learns only from this
/// meta-gradient, which reaches it through the features (and, unless `firstOrder`, through the
/// inner steps' gradients as well, exactly). Batch norm is handled as in `MAML`: the support
/// features are normalised by the support set's own statistics; with `inference` batch norm the
/// meta-training query features keep running statistics, which evaluation's query features use.
/// Each training task's passes run under its own `TrainingNoise` seed, so a ResNet-12 body's
/// DropBlock draws the same masks on any number of threads (and none at evaluation).
public struct ANIL: Learner {
    /// Whether the inner gradients are constants.
    public static let firstOrder = Hyperparameter<Bool>(
        "firstOrder",
        "treat the inner gradients as constants (the body still learns through the features); "
            + "Raghu et al. 2020 differentiate exactly: false", .boolean, default: false)

    /// The hyperparameters; Raghu et al. (2020) reuse MAML's Omniglot settings, so the defaults are
    /// Finn et al. (2017)'s.
    public static let hyperparameters: [any HyperparameterKey] = [
        InnerLoop.innerLR.withDefault(
            0.4, "head-only inner SGD step size (Raghu et al. 2020 use MAML's; Finn et al. 2017, Omniglot: 0.4)"),
        InnerLoop.innerSteps.withDefault(
            1, "inner SGD steps on the head during meta-training (MAML's Omniglot 5-way setting: 1)"),
        InnerLoop.evalInnerSteps.withDefault(3, "inner SGD steps on the head at evaluation (MAML's: 3)"),
        firstOrder,
    ]

    /// The registry entry `anil`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "anil",
            summary:
                "ANIL, MAML with a head-only inner loop; the body learns from the meta-gradient (Raghu et al. 2020)",
            hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true
        ) { ANIL($0) }
    ]

    let model: any Model
    let context: LearnerContext
    let innerLR: Float
    let innerSteps: Int
    let evalInnerSteps: Int
    let secondOrder: Bool
    let batchNorm: BatchNormBookkeeping

    /// A learner for the context's model with `trainWays` outputs.
    public init(_ context: LearnerContext) {
        model = context.makeModel(context.trainWays)
        self.context = context
        innerLR = Float(context[InnerLoop.innerLR])
        innerSteps = context[InnerLoop.innerSteps]
        evalInnerSteps = context[InnerLoop.evalInnerSteps]
        secondOrder = !context[Self.firstOrder]
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// The model's initial parameters under "meta" (the model must have a head), a fresh
    /// meta-optimizer state and, in inference batch-norm mode, empty running statistics.
    public func initialState() -> LearnerState {
        let state = context.initialState(of: model)
        precondition(
            state.meta.names.contains(where: model.isHeadParameter),
            "ANIL needs a model with a head (parameters named head.*)")
        return state
    }

    /// The head of `parameters` after `steps` SGD steps on the cross-entropy of the task's support
    /// features. With `secondOrder` the steps are recorded for an exact meta-gradient.
    private func adaptedHead(
        _ parameters: Parameters, supportFeatures: Tensor, of task: FewShotTask, steps: Int,
        secondOrder: Bool
    ) -> Parameters {
        InnerLoop.adapt(
            parameters.filter(model.isHeadParameter), steps: steps, stepSize: .uniform(innerLR),
            secondOrder: secondOrder
        ) { head in
            self.model.logits(fromFeatures: supportFeatures, head).crossEntropy(labels: task.supportLabels)
        }
    }

    /// Every parameter after adapting `state` to `task` (`steps` defaults to `evalInnerSteps`): the
    /// body is the meta-parameters' body, unchanged; the head is adapted. Nothing is recorded.
    public func adaptedParameters(for task: FewShotTask, from state: LearnerState, steps: Int? = nil) -> Parameters {
        let meta = state.meta
        let features = withoutGradients { model.features(task.support, meta) }
        let head = adaptedHead(
            meta, supportFeatures: features, of: task, steps: steps ?? evalInnerSteps, secondOrder: false)
        return meta.filter { !self.model.isHeadParameter($0) }.merging(head.detached())
    }

    /// The meta-optimizer's scheduled rate at `iteration`.
    public func metaLearningRate(iteration: Int) -> Double? {
        context.metaOptimizer.scheduledRate(step: iteration)
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (model, meta, steps, secondOrder) = (model, state.meta, innerSteps, secondOrder)
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(
            batch, threads: context.threads, seed: context.seed,
            iteration: iteration
        ) { index, task in
            let theta = meta.variables()
            let supportFeatures = model.features(task.support, theta)
            let queryFeatures = model.features(
                task.query, theta, normalization: BatchNormBookkeeping.training(recorders, task: index))
            let head = self.adaptedHead(
                theta, supportFeatures: supportFeatures, of: task, steps: steps, secondOrder: secondOrder)
            return task.queryGradients(wrt: theta, logits: model.logits(fromFeatures: queryFeatures, head))
        }
        state.update(gradients: gradients, with: context.metaOptimizer)
        batchNorm.fold(recorders, into: &state)
        return metrics
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let adapted = adaptedParameters(for: task, from: state)
        let normalization = batchNorm.evaluation(state)
        return withoutGradients { model(task.query, adapted, normalization: normalization) }
    }
}
