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
public final class MAML: Learner, @unchecked Sendable {
    /// The hyperparameters both variants accept; defaults are the paper's Omniglot settings.
    public static let hyperparameters: [Hyperparameter] = [
        Hyperparameter("innerLR", "inner-loop SGD step size α (Finn et al. 2017, Omniglot: 0.4)",
                       .real(0...10), default: .real(0.4)),
        Hyperparameter("innerSteps", "inner SGD steps during meta-training (Finn et al. 2017, Omniglot 5-way: 1)",
                       .integer(1...100), default: .integer(1)),
        Hyperparameter("evalInnerSteps", "inner SGD steps when adapting at evaluation (Finn et al. 2017: 3)",
                       .integer(0...1000), default: .integer(3)),
    ]

    /// The registry entries: `maml` (second order), `fomaml` (first order) and `mamlpp` (`MAMLPlusPlus`).
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "maml",
                          summary: "MAML, exact second-order meta-gradient through every inner step (Finn et al. 2017)",
                          hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true) {
                              MAML($0, secondOrder: true)
                          },
        LearnerDescriptor(name: "fomaml",
                          summary: "first-order MAML: inner-loop gradients treated as constants (Finn et al. 2017, §5.2)",
                          hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true) {
                              MAML($0, secondOrder: false)
                          },
        MAMLPlusPlus.descriptor,
    ]

    let model: any Model
    let secondOrder: Bool
    let innerLearningRate: Float
    let innerSteps: Int
    let evaluationInnerSteps: Int
    let threads: Int
    /// The run's seed, from which each training task's regularisation noise (DropBlock) is drawn.
    let seed: UInt64
    private(set) var metaParameters: Parameters
    private var metaOptimizer: any Optimizer
    /// The running batch-norm statistics of inference mode, from the meta-training query passes.
    private var batchNorm: BatchNormBookkeeping

    /// A learner for the context's model with `ways` outputs.
    public init(_ context: LearnerContext, secondOrder: Bool) {
        model = context.makeModel(context.trainWays)
        self.secondOrder = secondOrder
        innerLearningRate = Float(context.hyperparameters.real("innerLR"))
        innerSteps = context.hyperparameters.integer("innerSteps")
        evaluationInnerSteps = context.hyperparameters.integer("evalInnerSteps")
        threads = context.threads
        seed = context.seed
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
        var generator = context.initializationGenerator()
        metaParameters = model.initialParameters(using: &generator)
        metaOptimizer = context.metaOptimizer.makeOptimizer()
    }

    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (model, meta, steps, rate, secondOrder) = (model, metaParameters, innerSteps, innerLearningRate, self.secondOrder)
        // In inference mode every task records its query pass's statistics, folded in task order
        // below (gathered from every rank under mpirun).
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(batch, threads: threads, seed: seed, iteration: iteration) { index, task in
            let theta = meta.variables()
            let adapted = InnerLoop.adapt(model, theta, on: task, steps: steps, stepSize: .uniform(rate), secondOrder: secondOrder)
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            return task.queryGradients(wrt: theta, logits: model(task.query, adapted, normalization: normalization))
        }
        metaOptimizer.step(&metaParameters, gradients: gradients)
        batchNorm.fold(recorders)
        return metrics
    }

    /// The meta-parameters after `steps` (default `evalInnerSteps`) inner steps on the task's
    /// support set, as evaluation adapts them.
    public func adaptedParameters(for task: FewShotTask, steps: Int? = nil) -> Parameters {
        InnerLoop.adapt(model, metaParameters, on: task, steps: steps ?? evaluationInnerSteps,
                        stepSize: .uniform(innerLearningRate), secondOrder: false).detached()
    }

    public func predict(_ task: FewShotTask) -> Tensor {
        let adapted = adaptedParameters(for: task), normalization = batchNorm.evaluation
        return withoutGradients { model(task.query, adapted, normalization: normalization) }
    }

    public var state: LearnerState {
        var state = LearnerState(meta: metaParameters, optimizer: metaOptimizer.state)
        batchNorm.save(into: &state)
        return state
    }

    public func restore(_ state: LearnerState) throws {
        (metaParameters, metaOptimizer.state) = try state.meta(matching: metaParameters)
        try batchNorm.restore(from: state)
    }
}
