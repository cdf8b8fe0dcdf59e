import MetaLearning

/// Meta-SGD (Li, Zhou, Chen and Li, "Meta-SGD: Learning to Learn Quickly for Few-Shot
/// Learning", 2017): MAML whose inner step size is itself meta-learned, one learning rate per
/// scalar of the model.
///
/// The meta-parameters are the initial weights θ and the learning rates α, a set shaped like θ.
/// Each task adapts φ = θ − α ⊙ ∇L_support(θ) (repeated `innerSteps` times); the query loss
/// L_query(φ) is differentiated exactly (second order) with respect to both θ and α, and the
/// spec's meta-optimizer updates them together as one set (α's entries named `lr.<name>`).
/// α is not constrained: an entry may become zero or negative if the meta-gradient says so,
/// as in the paper. Batch norm is handled as in `MAML`: the support set is normalised by its own
/// statistics; with `inference` batch norm the meta-training query passes keep running
/// statistics, which classify the queries at evaluation.
public struct MetaSGD: Learner {
    /// The lower end of the range the learned step sizes start in.
    public static let initialInnerLRMin = Hyperparameter<Double>(
        "initialInnerLRMin",
        "lower end of the uniform range each learned step size α starts in (Li et al. 2017, §4: [0.005, 0.1])",
        .real(0...10), default: 0.005)
    /// The upper end of that range.
    public static let initialInnerLRMax = Hyperparameter<Double>(
        "initialInnerLRMax",
        "upper end of that range; set both ends equal for a constant start such as MAML's 0.4 (Li et al. 2017, §4: 0.1)",
        .real(0...10), default: 0.1)

    /// The hyperparameters; defaults are the paper's Omniglot settings.
    public static let hyperparameters: [any HyperparameterKey] = [
        initialInnerLRMin, initialInnerLRMax,
        InnerLoop.innerSteps.withDefault(
            1, "inner steps during meta-training (Li et al. 2017: one step of adaptation)"),
        InnerLoop.evalInnerSteps.withDefault(1, "inner steps when adapting at evaluation (Li et al. 2017: one step)"),
    ]

    /// The registry entry `metasgd`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "metasgd",
            summary: "Meta-SGD, MAML with a meta-learned step size per parameter, exact second order (Li et al. 2017)",
            hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true,
            taskMemory: { .secondOrder(steps: $0[InnerLoop.innerSteps]) }, make: { MetaSGD($0) })
    ]

    /// The prefix of the learning rates' names inside the set the meta-optimizer updates.
    static let learningRatePrefix = "lr."
    /// The role of the step sizes α in the state.
    static let learningRatesRole = "learningRates"

    let model: any Model
    let context: LearnerContext
    let innerSteps: Int
    let evalInnerSteps: Int
    let batchNorm: BatchNormBookkeeping

    /// A learner for the context's model with `trainWays` outputs.
    public init(_ context: LearnerContext) {
        model = context.makeModel(context.trainWays)
        self.context = context
        innerSteps = context[InnerLoop.innerSteps]
        evalInnerSteps = context[InnerLoop.evalInnerSteps]
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// θ from the model's initialiser under "meta", then α uniform in [initialInnerLRMin,
    /// initialInnerLRMax] (ends in either order) under "learningRates", both drawn from the run's
    /// initialisation generator; one fresh meta-optimizer state over both, and empty running
    /// statistics in inference batch-norm mode.
    public func initialState() -> LearnerState {
        let ends = (context[Self.initialInnerLRMin], context[Self.initialInnerLRMax])
        let low = min(ends.0, ends.1)
        let high = max(ends.0, ends.1)
        var generator = context.initializationGenerator()
        let theta = model.initialParameters(using: &generator)
        let alpha = theta.map { tensor in
            Tensor(
                shape: tensor.shape,
                scalars: (0..<tensor.count).map { _ in
                    low == high ? Float(low) : Float(generator.nextDouble(in: low..<high))
                })
        }
        var state = LearnerState(meta: theta)
        state.parameters[Self.learningRatesRole] = alpha
        batchNorm.initialize(&state)
        return state
    }

    /// The adapted weights for `task`: `steps` updates φ ← φ − α ⊙ ∇L_support(φ) from θ,
    /// without a graph (the weights used at evaluation; `steps` defaults to `evalInnerSteps`).
    public func adaptedParameters(for task: FewShotTask, from state: LearnerState, steps: Int? = nil) -> Parameters {
        InnerLoop.adapt(
            model, state.meta, on: task, steps: steps ?? evalInnerSteps,
            stepSize: .perParameter(state[Self.learningRatesRole]), secondOrder: false
        ).detached()
    }

    /// The meta-optimizer's scheduled rate at `iteration`.
    public func metaLearningRate(iteration: Int) -> Double? {
        context.metaOptimizer.scheduledRate(step: iteration)
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (model, theta, alpha, steps) = (model, state.meta, state[Self.learningRatesRole], innerSteps)
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(
            batch, threads: context.threads, seed: context.seed,
            iteration: iteration
        ) { index, task in
            let weights = theta.variables()
            let rates = alpha.variables()
            let adapted = InnerLoop.adapt(
                model, weights, on: task, steps: steps,
                stepSize: .perParameter(rates), secondOrder: true)
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            return task.queryGradients(
                wrt: Self.joined(weights, rates), logits: model(task.query, adapted, normalization: normalization))
        }
        // θ and α are one set for the meta-optimizer, held under "meta" while it steps.
        state.meta = Self.joined(theta, alpha)
        state.update(gradients: gradients, with: context.metaOptimizer)
        let joint = state.meta
        state.meta = joint.filter { !$0.hasPrefix(Self.learningRatePrefix) }
        state.parameters[Self.learningRatesRole] = Self.renamed(
            joint.filter { $0.hasPrefix(Self.learningRatePrefix) },
            droppingPrefix: true)
        batchNorm.fold(recorders, into: &state)
        return metrics
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let adapted = adaptedParameters(for: task, from: state)
        let normalization = batchNorm.evaluation(state)
        return withoutGradients { model(task.query, adapted, normalization: normalization) }
    }

    /// θ followed by α with α's names prefixed, the one set the meta-optimizer updates.
    static func joined(_ theta: Parameters, _ alpha: Parameters) -> Parameters {
        theta.merging(renamed(alpha, droppingPrefix: false))
    }

    /// The same tensors with `lr.` added to (or removed from) every name.
    static func renamed(_ parameters: Parameters, droppingPrefix: Bool) -> Parameters {
        Parameters(
            parameters.entries.map { entry in
                (
                    droppingPrefix
                        ? String(entry.name.dropFirst(learningRatePrefix.count)) : learningRatePrefix + entry.name,
                    entry.tensor
                )
            })
    }
}
