import MetaLearning

/// Model-Agnostic Meta-Learning (Finn, Abbeel and Levine, ICML 2017), exact second order,
/// and its first-order approximation FOMAML (same paper, section 5.2).
///
/// Each task adapts the meta-parameters θ with `innerSteps` SGD steps on its support set,
/// φ = θ − α∇L_support(…); the meta-gradient of the query loss L_query(φ) flows back through
/// every inner step (second order: the Hessian terms are exact, not approximated). FOMAML
/// treats the inner gradients as constants, so its meta-gradient is ∇L_query(φ).
///
/// Batch norm: the inner loop always normalises the support set by its own statistics, in training
/// and at evaluation alike, so adaptation runs as it was meta-trained. With `inference` batch norm
/// the query passes of meta-training (every task, in order) update running statistics, and
/// evaluation classifies the queries with them, each query on its own.
public struct MAML: Learner {
    /// The hyperparameters both variants accept: the inner loop's, at the paper's Omniglot settings.
    public static let hyperparameters: [any HyperparameterKey] = [
        InnerLoop.innerLR, InnerLoop.innerSteps, InnerLoop.evalInnerSteps,
    ]

    /// The registry entries: `maml` (second order), `fomaml` (first order), `mamlpp` (`MAMLPlusPlus`)
    /// and `protomaml` (`ProtoMAML`).
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "maml",
            summary: "MAML, exact second-order meta-gradient through every inner step (Finn et al. 2017)",
            hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true,
            taskMemory: { .secondOrder(steps: $0[InnerLoop.innerSteps]) }, make: { MAML($0, secondOrder: true) }),
        LearnerDescriptor(
            name: "fomaml",
            summary: "first-order MAML: inner-loop gradients treated as constants (Finn et al. 2017, §5.2)",
            hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true
        ) {
            MAML($0, secondOrder: false)
        },
        MAMLPlusPlus.descriptor,
        ProtoMAML.descriptor,
    ]

    let model: any Model
    let context: LearnerContext
    let secondOrder: Bool
    let innerLR: Float
    let innerSteps: Int
    let evalInnerSteps: Int
    let batchNorm: BatchNormBookkeeping

    /// A learner for the context's model with `trainWays` outputs.
    public init(_ context: LearnerContext, secondOrder: Bool) {
        model = context.makeModel(context.trainWays)
        self.context = context
        self.secondOrder = secondOrder
        innerLR = Float(context[InnerLoop.innerLR])
        innerSteps = context[InnerLoop.innerSteps]
        evalInnerSteps = context[InnerLoop.evalInnerSteps]
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// The model's initial parameters under "meta", a fresh meta-optimizer state and, in inference
    /// batch-norm mode, empty running statistics.
    public func initialState() -> LearnerState {
        context.initialState(of: model)
    }

    /// The meta-optimizer's scheduled rate at `iteration`.
    public func metaLearningRate(iteration: Int) -> Double? {
        context.metaOptimizer.scheduledRate(step: iteration)
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (model, meta, steps, rate, secondOrder) = (model, state.meta, innerSteps, innerLR, self.secondOrder)
        // In inference mode every task records its query pass's statistics, folded in task order
        // below (gathered from every rank under mpirun).
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(
            batch, threads: context.threads, seed: context.seed,
            iteration: iteration
        ) { index, task in
            let theta = meta.variables()
            let adapted = InnerLoop.adapt(
                model, theta, on: task, steps: steps, stepSize: .uniform(rate), secondOrder: secondOrder)
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            return task.queryGradients(wrt: theta, logits: model(task.query, adapted, normalization: normalization))
        }
        state.update(gradients: gradients, with: context.metaOptimizer)
        batchNorm.fold(recorders, into: &state)
        return metrics
    }

    /// The meta-parameters of `state` after `steps` (default `evalInnerSteps`) inner steps on the
    /// task's support set, as evaluation adapts them.
    public func adaptedParameters(for task: FewShotTask, from state: LearnerState, steps: Int? = nil) -> Parameters {
        InnerLoop.adapt(
            model, state.meta, on: task, steps: steps ?? evalInnerSteps,
            stepSize: .uniform(innerLR), secondOrder: false
        ).detached()
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let adapted = adaptedParameters(for: task, from: state)
        let normalization = batchNorm.evaluation(state)
        return withoutGradients { model(task.query, adapted, normalization: normalization) }
    }
}
