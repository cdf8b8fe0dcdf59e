import MetaLearning

/// Reptile (Nichol, Achiam and Schulman, "On First-Order Meta-Learning Algorithms", 2018).
///
/// Each task of a meta-batch trains a copy φ of the meta-parameters θ for `innerSteps` steps of
/// the inner optimizer (Adam or SGD, fresh for every task) on mini-batches of its support set;
/// then θ ← θ + ε_t · mean_i(φ_i − θ), with ε annealed linearly from `outerStepSize` at the
/// first iteration to `finalOuterStepSize` at the end of the run. No gradient flows through the
/// inner loop, and the spec's meta-optimizer is not used: the outer step is this interpolation.
/// Evaluation fine-tunes a copy of θ the same way (`evalInnerSteps`, `evalInnerBatchSize`) and
/// classifies the queries. Fine-tuning always normalises its mini-batches by their own statistics;
/// with `inference` batch norm the query passes of meta-training (after each task's fine-tuning)
/// keep running statistics, which classify the queries at evaluation.
///
/// Mini-batches follow the reference implementation: the support set is shuffled, consumed in
/// batches of exactly `innerBatchSize` (a batch may run across a reshuffle, so a batch larger
/// than the support set holds some images twice). The shuffles of task i at iteration t come
/// from a generator derived from the run's seed, t and i alone, so training does not depend on
/// the thread count; evaluation always uses one fixed stream, so it is a pure function of θ and
/// the task.
public struct Reptile: Learner {
    /// The optimizers the inner loop can run.
    public enum InnerOptimizer: String, Sendable, CaseIterable, HyperparameterWord {
        case adam, sgd
    }

    /// The inner loop's optimizer.
    public static let innerOptimizer = Hyperparameter<InnerOptimizer>(
        "innerOptimizer",
        "optimizer of the inner loop, fresh per task; Adam runs with β1 = 0 (Nichol et al. 2018: Adam, β1 = 0)",
        default: .adam)
    /// The inner optimizer's learning rate.
    public static let innerLR = Hyperparameter<Double>(
        "innerLR", "inner optimizer's learning rate (Nichol et al. 2018, Table 3, Omniglot: 0.001)",
        .real(0...10), default: 0.001)
    /// Inner steps per task in meta-training.
    public static let innerSteps = Hyperparameter<Int>(
        "innerSteps", "inner steps per task during meta-training (Table 3, Omniglot: 5)",
        .integer(1...10_000), default: 5)
    /// Support images per inner step in meta-training.
    public static let innerBatchSize = Hyperparameter<Int>(
        "innerBatchSize",
        "support images per inner step during meta-training (Table 3, Omniglot: 10)",
        .integer(1...10_000), default: 10)
    /// Inner steps at evaluation.
    public static let evalInnerSteps = Hyperparameter<Int>(
        "evalInnerSteps", "inner steps when fine-tuning at evaluation (Table 3, Omniglot: 50)",
        .integer(0...100_000), default: 50)
    /// Support images per inner step at evaluation.
    public static let evalInnerBatchSize = Hyperparameter<Int>(
        "evalInnerBatchSize",
        "support images per inner step at evaluation (Table 3, Omniglot: 5)",
        .integer(1...10_000), default: 5)
    /// ε at the first iteration.
    public static let outerStepSize = Hyperparameter<Double>(
        "outerStepSize", "outer step size ε at the first iteration (Table 3: 1.0)",
        .real(0...10), default: 1.0)
    /// ε at the end of the run.
    public static let finalOuterStepSize = Hyperparameter<Double>(
        "finalOuterStepSize", "ε at the end of the run, reached linearly (Nichol et al. 2018: annealed to 0)",
        .real(0...10), default: 0)

    /// The hyperparameters; defaults are the paper's 5-way Omniglot settings (Nichol et al. 2018,
    /// App. A, Table 3, and the commands of the reference code, openai/supervised-reptile).
    public static let hyperparameters: [any HyperparameterKey] = [
        innerOptimizer, innerLR, innerSteps, innerBatchSize, evalInnerSteps, evalInnerBatchSize, outerStepSize,
        finalOuterStepSize,
    ]

    /// The registry entry `reptile`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "reptile",
            summary: "Reptile, move the initialisation toward weights fine-tuned on each task (Nichol et al. 2018)",
            hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true,
            usesMetaOptimizer: false,
            // A forward and backward pass over one mini-batch at a time; the queries without a graph.
            taskMemory: {
                TaskMemory(supportCopies: 0, queryCopies: 1, fixedCopies: 2 * Double($0[Self.innerBatchSize]))
            },
            make: { Reptile($0) })
    ]

    /// Stream identifiers of the mini-batch generators.
    private static let trainingStream: UInt64 = 0x5E97_1E01, evaluationStream: UInt64 = 0x5E97_1E02

    let model: any Model
    let context: LearnerContext
    let batchNorm: BatchNormBookkeeping

    /// A learner for the context's model with `trainWays` outputs.
    public init(_ context: LearnerContext) {
        model = context.makeModel(context.trainWays)
        self.context = context
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
    }

    /// The model's initial parameters under "meta" (Reptile keeps no optimizer state between
    /// tasks), and empty running statistics in inference batch-norm mode.
    public func initialState() -> LearnerState {
        var generator = context.initializationGenerator()
        var state = LearnerState(parameters: [LearnerState.metaRole: model.initialParameters(using: &generator)])
        batchNorm.initialize(&state)
        return state
    }

    // MARK: The algorithm as pure functions

    /// ε_t: `initial` at iteration 0, moving linearly to `final` at iteration `iterations`
    /// (the reference code's schedule; iteration t of T uses (1 − t/T)·initial + (t/T)·final).
    /// t/T is clamped to [0, 1]; with no iterations the step is `initial`.
    public static func outerStepSize(iteration: Int, iterations: Int, initial: Float, final: Float) -> Float {
        guard iterations > 0 else { return initial }
        let done = Float(min(max(iteration, 0), iterations)) / Float(iterations)
        return (1 - done) * initial + done * final
    }

    /// The outer update θ + ε · mean_i(φ_i − θ), summed in the order of `adapted`.
    public static func outerUpdate(theta: Parameters, adapted: [Parameters], stepSize: Float) -> Parameters {
        precondition(!adapted.isEmpty, "Reptile.outerUpdate needs at least one adapted parameter set")
        return withoutGradients {
            let meanDifference = Parameters.sum(adapted.map { $0 - theta }) * (1 / Float(adapted.count))
            return theta + meanDifference * stepSize
        }
    }

    /// `steps` updates of `optimizer` on `loss(φ, step)`, from `parameters`; the result has no
    /// gradient history (Reptile never differentiates through its inner loop).
    public static func fineTune(
        _ parameters: Parameters, steps: Int, optimizer: any Optimizer,
        loss: (_ parameters: Parameters, _ step: Int) -> Tensor
    ) -> Parameters {
        var optimizer = optimizer
        var current = parameters.detached()
        for step in 0..<steps {
            let variables = current.variables()
            optimizer.step(&current, gradients: variables.gradients(of: loss(variables, step)))
        }
        return current
    }

    /// `steps` mini-batches of exactly `batchSize` indices into `0..<count`: shuffled passes
    /// over the indices, concatenated and cut into batches (the reference implementation's sampler).
    public static func miniBatches(count: Int, batchSize: Int, steps: Int, using generator: inout SeededGenerator)
        -> [[Int]]
    {
        precondition(count > 0 && batchSize > 0, "Reptile.miniBatches needs a non-empty set and batch")
        var batches: [[Int]] = []
        var batch: [Int] = []
        batch.reserveCapacity(batchSize)
        while batches.count < steps {
            var order = Array(0..<count)
            generator.shuffle(&order)
            for index in order {
                batch.append(index)
                if batch.count == batchSize {
                    batches.append(batch)
                    batch.removeAll(keepingCapacity: true)
                    if batches.count == steps { break }
                }
            }
        }
        return batches
    }

    // MARK: Learner

    /// A fresh inner optimizer.
    private func makeInnerOptimizer() -> any Optimizer {
        let rate = context[Self.innerLR]
        switch context[Self.innerOptimizer] {
        case .adam: return Adam(learningRate: rate, beta1: 0)
        case .sgd: return SGD(learningRate: rate)
        }
    }

    /// θ fine-tuned on the task's support set with mini-batches drawn from `generator`.
    private func fineTune(
        _ theta: Parameters, on task: FewShotTask, steps: Int, batchSize: Int,
        using generator: inout SeededGenerator
    ) -> Parameters {
        let batches = Self.miniBatches(
            count: task.supportLabels.count, batchSize: batchSize, steps: steps, using: &generator)
        return Self.fineTune(theta, steps: steps, optimizer: makeInnerOptimizer()) { current, step in
            let indices = batches[step]
            return model(task.support.gatheringRows(indices), current).crossEntropy(
                labels: indices.map { task.supportLabels[$0] })
        }
    }

    /// θ of `state` fine-tuned on `task` as evaluation does (`steps` defaults to `evalInnerSteps`).
    public func adaptedParameters(for task: FewShotTask, from state: LearnerState, steps: Int? = nil) -> Parameters {
        var generator = SeededGenerator(seed: context.seed, stream: [Self.evaluationStream])
        return fineTune(
            state.meta, on: task, steps: steps ?? context[Self.evalInnerSteps],
            batchSize: context[Self.evalInnerBatchSize], using: &generator)
    }

    /// The outer step size ε at `iteration`.
    public func metaLearningRate(iteration: Int) -> Double? {
        Double(
            Self.outerStepSize(
                iteration: iteration, iterations: context.iterations,
                initial: Float(context[Self.outerStepSize]), final: Float(context[Self.finalOuterStepSize])))
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        precondition(!batch.isEmpty, "Reptile.metaTrain needs at least one task")
        let theta = state.meta
        let seed = context.seed
        let (steps, batchSize) = (context[Self.innerSteps], context[Self.innerBatchSize])
        let recorders = batchNorm.recorders(tasks: batch.count)
        let results = TaskParallel.mapAcrossRanks(batch.count, threads: context.threads) { index in
            let task = batch[index]
            var generator = SeededGenerator(
                seed: seed, stream: [Self.trainingStream, UInt64(max(iteration, 0)), UInt64(index)])
            let adapted = TrainingNoise.withTask(seed: seed, iteration: iteration, index: index) {
                self.fineTune(theta, on: task, steps: steps, batchSize: batchSize, using: &generator)
            }
            let normalization = BatchNormBookkeeping.training(recorders, task: index)
            return TaskOutcome(
                adapted, task.queryMetrics { self.model(task.query, adapted, normalization: normalization) })
        }
        let stepSize = Self.outerStepSize(
            iteration: iteration, iterations: context.iterations,
            initial: Float(context[Self.outerStepSize]), final: Float(context[Self.finalOuterStepSize]))
        state.meta = Self.outerUpdate(theta: theta, adapted: results.map(\.parameters), stepSize: stepSize)
        batchNorm.fold(recorders, into: &state)
        return TaskMetrics.mean(results.map(\.metrics))
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let adapted = adaptedParameters(for: task, from: state)
        let normalization = batchNorm.evaluation(state)
        return withoutGradients { model(task.query, adapted, normalization: normalization) }
    }
}
