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
public final class ANIL: Learner, @unchecked Sendable {
    /// The hyperparameters; Raghu et al. (2020) reuse MAML's Omniglot settings,
    /// so the defaults are Finn et al. (2017)'s.
    public static let hyperparameters: [Hyperparameter] = [
        Hyperparameter("innerLR", "head-only inner SGD step size (Raghu et al. 2020 use MAML's; Finn et al. 2017, Omniglot: 0.4)",
                       .real(0...10), default: .real(0.4)),
        Hyperparameter("innerSteps", "inner SGD steps on the head during meta-training (MAML's Omniglot 5-way setting: 1)",
                       .integer(1...100), default: .integer(1)),
        Hyperparameter("evalInnerSteps", "inner SGD steps on the head at evaluation (MAML's: 3)",
                       .integer(0...1000), default: .integer(3)),
        Hyperparameter("firstOrder", "treat the inner gradients as constants (the body still learns through the features); Raghu et al. 2020 differentiate exactly: false",
                       .boolean, default: .boolean(false)),
    ]

    /// The registry entry `anil`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "anil",
                          summary: "ANIL, MAML with a head-only inner loop; the body learns from the meta-gradient (Raghu et al. 2020)",
                          hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true) { ANIL($0) },
    ]

    let model: any Model
    let innerLearningRate: Float
    let innerSteps: Int
    let evaluationInnerSteps: Int
    let firstOrder: Bool
    let threads: Int
    /// The run's seed, from which each training task's regularisation noise (DropBlock) is drawn.
    let seed: UInt64
    private(set) var metaParameters: Parameters
    private var metaOptimizer: any Optimizer
    /// The running batch-norm statistics of inference mode, from the meta-training query features.
    private var batchNorm: BatchNormBookkeeping

    /// A learner for the context's model with `trainWays` outputs.
    public init(_ context: LearnerContext) {
        model = context.makeModel(context.trainWays)
        innerLearningRate = Float(context.hyperparameters.real("innerLR"))
        innerSteps = context.hyperparameters.integer("innerSteps")
        evaluationInnerSteps = context.hyperparameters.integer("evalInnerSteps")
        firstOrder = context.hyperparameters.boolean("firstOrder")
        threads = context.threads
        seed = context.seed
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
        var generator = context.initializationGenerator()
        metaParameters = model.initialParameters(using: &generator)
        precondition(metaParameters.names.contains(where: model.isHeadParameter),
                     "ANIL needs a model with a head (parameters named head.*)")
        metaOptimizer = context.metaOptimizer.makeOptimizer()
    }

    /// The head of `parameters` after `steps` SGD steps on the cross-entropy of the task's support
    /// features. With `secondOrder` the steps are recorded for an exact meta-gradient.
    private func adaptedHead(_ parameters: Parameters, supportFeatures: Tensor, of task: FewShotTask, steps: Int,
                             secondOrder: Bool) -> Parameters {
        InnerLoop.adapt(parameters.filter(model.isHeadParameter), steps: steps, stepSize: .uniform(innerLearningRate),
                        secondOrder: secondOrder) { head in
            self.model.logits(fromFeatures: supportFeatures, head).crossEntropy(labels: task.supportLabels)
        }
    }

    /// Every parameter after adapting to `task` (`steps` defaults to `evalInnerSteps`): the body
    /// is the meta-parameters' body, unchanged; the head is adapted. Nothing is recorded.
    public func adaptedParameters(for task: FewShotTask, steps: Int? = nil) -> Parameters {
        let meta = metaParameters
        let features = withoutGradients { model.features(task.support, meta) }
        let head = adaptedHead(meta, supportFeatures: features, of: task, steps: steps ?? evaluationInnerSteps,
                               secondOrder: false)
        return meta.filter { !self.model.isHeadParameter($0) }.merging(head.detached())
    }

    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (model, meta, steps, secondOrder) = (model, metaParameters, innerSteps, !firstOrder)
        let recorders = batchNorm.recorders(tasks: batch.count)
        let (gradients, metrics) = MetaBatch.meanGradient(batch, threads: threads, seed: seed, iteration: iteration) { index, task in
            let theta = meta.variables()
            let supportFeatures = model.features(task.support, theta)
            let queryFeatures = model.features(task.query, theta, normalization: BatchNormBookkeeping.training(recorders, task: index))
            let head = self.adaptedHead(theta, supportFeatures: supportFeatures, of: task, steps: steps, secondOrder: secondOrder)
            return task.queryGradients(wrt: theta, logits: model.logits(fromFeatures: queryFeatures, head))
        }
        metaOptimizer.step(&metaParameters, gradients: gradients)
        batchNorm.fold(recorders)
        return metrics
    }

    public func predict(_ task: FewShotTask) -> Tensor {
        let adapted = adaptedParameters(for: task), normalization = batchNorm.evaluation
        return withoutGradients { model(task.query, adapted, normalization: normalization) }
    }

    /// The meta-parameters under "meta", the meta-optimizer's state, and the running statistics in
    /// inference mode.
    public var state: LearnerState {
        var state = LearnerState(meta: metaParameters, optimizer: metaOptimizer.state)
        batchNorm.save(into: &state)
        return state
    }

    public func restore(_ state: LearnerState) throws {
        let meta = try state.meta(matching: metaParameters)
        try batchNorm.restore(from: state)
        (metaParameters, metaOptimizer.state) = meta
    }
}
