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
public final class MetaSGD: Learner, @unchecked Sendable {
    /// The hyperparameters; defaults are the paper's Omniglot settings.
    public static let hyperparameters: [Hyperparameter] = [
        Hyperparameter("initialInnerLRMin",
                       "lower end of the uniform range each learned step size α starts in (Li et al. 2017, §4: [0.005, 0.1])",
                       .real(0...10), default: .real(0.005)),
        Hyperparameter("initialInnerLRMax",
                       "upper end of that range; set both ends equal for a constant start such as MAML's 0.4 (Li et al. 2017, §4: 0.1)",
                       .real(0...10), default: .real(0.1)),
        Hyperparameter("innerSteps", "inner steps during meta-training (Li et al. 2017: one step of adaptation)",
                       .integer(1...100), default: .integer(1)),
        Hyperparameter("evalInnerSteps", "inner steps when adapting at evaluation (Li et al. 2017: one step)",
                       .integer(0...1000), default: .integer(1)),
    ]

    /// The registry entry `metasgd`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "metasgd",
                          summary: "Meta-SGD, MAML with a meta-learned step size per parameter, exact second order (Li et al. 2017)",
                          hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true) { MetaSGD($0) },
    ]

    /// The prefix of the learning rates' names inside the set the meta-optimizer updates.
    static let learningRatePrefix = "lr."

    let model: any Model
    let innerSteps: Int
    let evaluationInnerSteps: Int
    let threads: Int
    /// The run's seed, from which each training task's regularisation noise (DropBlock) is drawn.
    let seed: UInt64
    /// The initial weights θ.
    private(set) var metaParameters: Parameters
    /// The step sizes α, one per scalar of θ, with θ's names.
    private(set) var learningRates: Parameters
    private var metaOptimizer: any Optimizer
    /// The running batch-norm statistics of inference mode, from the meta-training query passes.
    private var batchNorm: BatchNormBookkeeping

    /// A learner for the context's model with `trainWays` outputs; θ from the model's
    /// initialiser, then α uniform in [initialInnerLRMin, initialInnerLRMax] (ends in either order),
    /// both drawn from the run's initialisation generator.
    public init(_ context: LearnerContext) {
        model = context.makeModel(context.trainWays)
        innerSteps = context.hyperparameters.integer("innerSteps")
        evaluationInnerSteps = context.hyperparameters.integer("evalInnerSteps")
        threads = context.threads
        seed = context.seed
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
        let ends = (context.hyperparameters.real("initialInnerLRMin"), context.hyperparameters.real("initialInnerLRMax"))
        let low = min(ends.0, ends.1), high = max(ends.0, ends.1)
        var generator = context.initializationGenerator()
        metaParameters = model.initialParameters(using: &generator)
        learningRates = metaParameters.map { tensor in
            Tensor(shape: tensor.shape, scalars: (0..<tensor.count).map { _ in
                low == high ? Float(low) : Float(generator.nextDouble(in: low..<high))
            })
        }
        metaOptimizer = context.metaOptimizer.makeOptimizer()
    }

    /// The adapted weights for `task`: `steps` updates φ ← φ − α ⊙ ∇L_support(φ) from θ,
    /// without a graph (the weights used at evaluation; `steps` defaults to `evalInnerSteps`).
    public func adaptedParameters(for task: FewShotTask, steps: Int? = nil) -> Parameters {
        InnerLoop.adapt(model, metaParameters, on: task, steps: steps ?? evaluationInnerSteps,
                        stepSize: .perParameter(learningRates), secondOrder: false).detached()
    }

    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (model, theta, alpha, steps) = (model, metaParameters, learningRates, innerSteps)
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(batch, threads: threads, seed: seed, iteration: iteration) { index, task in
            let weights = theta.variables(), rates = alpha.variables()
            let adapted = InnerLoop.adapt(model, weights, on: task, steps: steps,
                                          stepSize: .perParameter(rates), secondOrder: true)
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            return task.queryGradients(wrt: Self.joined(weights, rates), logits: model(task.query, adapted, normalization: normalization))
        }
        var joint = Self.joined(metaParameters, learningRates)
        metaOptimizer.step(&joint, gradients: gradients)
        metaParameters = joint.filter { !$0.hasPrefix(Self.learningRatePrefix) }
        learningRates = Self.renamed(joint.filter { $0.hasPrefix(Self.learningRatePrefix) }, droppingPrefix: true)
        batchNorm.fold(recorders)
        return metrics
    }

    public func predict(_ task: FewShotTask) -> Tensor {
        let adapted = adaptedParameters(for: task), normalization = batchNorm.evaluation
        return withoutGradients { model(task.query, adapted, normalization: normalization) }
    }

    /// θ under "meta", α under "learningRates", the meta-optimizer's state over both, and the
    /// running statistics in inference mode.
    public var state: LearnerState {
        var state = LearnerState(parameters: ["meta": metaParameters, "learningRates": learningRates],
                                 optimizers: ["meta": metaOptimizer.state])
        batchNorm.save(into: &state)
        return state
    }

    public func restore(_ state: LearnerState) throws {
        let theta = try state.parameters("meta", matching: metaParameters)
        let alpha = try state.parameters("learningRates", matching: learningRates)
        let optimizer = try state.optimizer("meta")
        try batchNorm.restore(from: state)
        metaParameters = theta
        learningRates = alpha
        metaOptimizer.state = optimizer
    }

    /// θ followed by α with α's names prefixed, the one set the meta-optimizer updates.
    static func joined(_ theta: Parameters, _ alpha: Parameters) -> Parameters {
        theta.merging(renamed(alpha, droppingPrefix: false))
    }

    /// The same tensors with `lr.` added to (or removed from) every name.
    static func renamed(_ parameters: Parameters, droppingPrefix: Bool) -> Parameters {
        Parameters(parameters.entries.map { entry in
            (droppingPrefix ? String(entry.name.dropFirst(learningRatePrefix.count)) : learningRatePrefix + entry.name,
             entry.tensor)
        })
    }
}
