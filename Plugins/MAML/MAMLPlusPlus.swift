import Foundation
import MetaLearning

/// MAML++ (Antoniou, Edwards and Storkey, "How to train your MAML", ICLR 2019): MAML with the
/// paper's fixes, each on by default and each a hyperparameter.
///
/// - Multi-step loss (MSL): the meta-loss is Σₛ wₛ·L_query(φₛ) over the inner steps s, with the
///   weights of the paper's code: uniform 1/K at first, the non-final ones falling by
///   1/K/`multiStepLossIterations` per iteration to at least 0.03/K, the final one rising to match;
///   from iteration `multiStepLossIterations` on, the final step's loss alone.
/// - Derivative-order annealing (DA): first-order meta-gradients for the first
///   `firstOrderIterations` iterations, exact second order after.
/// - Learned per-layer per-step inner learning rates (LSLR): φₛ₊₁ = φₛ − αₛ,ₚ·∇ₚL_support(φₛ) with one
///   learned αₛ,ₚ per parameter tensor p and step s, starting at `innerLR`.
/// - Per-step batch norm (BNWB, BNRS): every batch-norm layer (parameters `<layer>.scale` and
///   `<layer>.shift`, see `Normalization`) has its own scale and shift for each step, learned in the
///   outer loop only (the inner loop adapts the other parameters); with `inference` batch norm each
///   step also keeps its own running statistics, gathered from the query passes after that step.
///   Step s's support pass and the query pass after step s use step s's weights; evaluation steps
///   past `innerSteps` use the last step's. As in `MAML`, support passes always normalise by the
///   support set's own statistics, and evaluation classifies the queries with the running
///   statistics of its last step.
/// - Cosine annealing of the meta learning rate (CA) over the run to `minimumMetaLR`, when
///   `training.schedule` is constant (a schedule the spec names wins; a warm-up still applies).
public struct MAMLPlusPlus: Learner {
    /// MSL: the multi-step loss.
    public static let multiStepLoss = Hyperparameter<Bool>(
        "multiStepLoss", "MSL: weighted query losses of every inner step, annealed towards the last", .boolean,
        default: true)
    /// The iterations over which MSL anneals.
    public static let multiStepLossIterations = Hyperparameter<Int>(
        "multiStepLossIterations",
        "iterations over which MSL's weights anneal to the last step (Antoniou et al. 2019: 15 epochs)",
        .integer(1...Int.max), default: 7500)
    /// DA: first-order iterations before second order.
    public static let firstOrderIterations = Hyperparameter<Int>(
        "firstOrderIterations",
        "DA: first-order meta-gradients for this many iterations, then second order "
            + "(Antoniou et al. 2019: 50 epochs); 0: second order throughout", .integer(0...Int.max), default: 25000)
    /// LSLR: learned per-layer per-step inner rates.
    public static let learnedInnerLR = Hyperparameter<Bool>(
        "learnedInnerLR", "LSLR: learn one inner step size per layer and step", .boolean, default: true)
    /// BNWB and BNRS: per-step batch norm.
    public static let perStepBatchNorm = Hyperparameter<Bool>(
        "perStepBatchNorm", "BNWB and BNRS: batch-norm scale, shift (and running statistics) per inner step", .boolean,
        default: true)
    /// CA: cosine annealing of the meta learning rate.
    public static let cosineAnnealing = Hyperparameter<Bool>(
        "cosineAnnealing",
        "CA: cosine annealing of the meta learning rate over the run when training.schedule is constant",
        .boolean, default: true)
    /// The meta learning rate at the end of cosine annealing.
    public static let minimumMetaLR = Hyperparameter<Double>(
        "minimumMetaLR", "the meta learning rate at the end of cosine annealing (Antoniou et al. 2019: 0.00001)",
        .real(RealRange(0, .infinity, upperIsOpen: true)), default: 0.00001)

    /// The hyperparameters; defaults are the paper's (epochs of its code are 500 iterations).
    public static let hyperparameters: [any HyperparameterKey] = [
        InnerLoop.innerLR.withDefault(
            0.1, "initial inner-loop step size α of every layer and step (Antoniou et al. 2019: 0.1)"),
        InnerLoop.innerSteps.withDefault(5, "inner steps during meta-training (Antoniou et al. 2019: 5)"),
        InnerLoop.evalInnerSteps.withDefault(5, "inner steps when adapting at evaluation (Antoniou et al. 2019: 5)"),
        multiStepLoss, multiStepLossIterations, firstOrderIterations, learnedInnerLR, perStepBatchNorm, cosineAnnealing,
        minimumMetaLR,
    ]

    /// The registry entry: `mamlpp`.
    public static let descriptor = LearnerDescriptor(
        name: "mamlpp",
        summary:
            "MAML++: multi-step loss, derivative-order annealing, per-layer per-step learned inner rates, per-step batch norm, cosine annealing (Antoniou et al. 2019)",
        hyperparameters: hyperparameters, acceptsUnequalShots: true, acceptsInferenceBatchNorm: true,
        taskMemory: { settings in
            let steps = settings[InnerLoop.innerSteps]
            return .secondOrder(steps: steps, queryPasses: settings[Self.multiStepLoss] ? steps : 1)
        }, make: { MAMLPlusPlus($0) })

    /// The role of the inner rates αₛ,ₚ (and of their optimizer) in the state.
    static let learningRatesRole = "learningRates"

    let model: any Model
    let context: LearnerContext
    let innerSteps: Int
    let evalInnerSteps: Int
    let multiStepLossIterations: Int?
    let firstOrderIterations: Int
    let learnsInnerRates: Bool
    let perStepBatchNorm: Bool
    /// The number of running-statistics sets kept in inference mode (one per step with
    /// `perStepBatchNorm`, else one); 0 in transductive mode.
    let statisticsSets: Int
    /// The running statistics of inference mode, one set per `statisticsRole`.
    let batchNorm: BatchNormBookkeeping
    /// The spec's meta-optimizer, cosine-annealed when `cosineAnnealing` asks for it; it updates the
    /// meta-parameters and, with its own state, the inner rates.
    let metaOptimizer: any Optimizer

    /// A learner for the context's model with `trainWays` outputs.
    public init(_ context: LearnerContext) {
        model = context.makeModel(context.trainWays)
        self.context = context
        innerSteps = context[InnerLoop.innerSteps]
        evalInnerSteps = context[InnerLoop.evalInnerSteps]
        multiStepLossIterations = context[Self.multiStepLoss] ? context[Self.multiStepLossIterations] : nil
        firstOrderIterations = context[Self.firstOrderIterations]
        learnsInnerRates = context[Self.learnedInnerLR]
        perStepBatchNorm = context[Self.perStepBatchNorm]
        statisticsSets = context.batchNorm == .inference ? (perStepBatchNorm ? innerSteps : 1) : 0
        batchNorm = BatchNormBookkeeping(mode: context.batchNorm)
        var optimizer = context.metaOptimizer
        if context[Self.cosineAnnealing] {
            optimizer.schedule = Self.annealed(
                optimizer.schedule,
                to: .cosine(iterations: context.iterations, minimum: context[Self.minimumMetaLR]))
        }
        metaOptimizer = optimizer
    }

    /// The model's parameters under "meta", with each batch-norm scale and shift replaced by one per
    /// step (`<name>.step<s>`) when `perStepBatchNorm`; αₛ,ₚ as `<p>.lr.step<s>` scalars, all `innerLR`,
    /// for every parameter p the inner loop adapts, under "learningRates"; a fresh optimizer state for
    /// each; and empty running statistics per step in inference mode.
    public func initialState() -> LearnerState {
        var generator = context.initializationGenerator()
        let initial = model.initialParameters(using: &generator)
        let (steps, perStep) = (innerSteps, perStepBatchNorm)
        let meta = Parameters(
            initial.entries.flatMap { entry -> [(String, Tensor)] in
                guard perStep, Normalization.isNormalizationParameter(entry.name) else {
                    return [(entry.name, entry.tensor)]
                }
                return (0..<steps).map { ("\(entry.name).step\($0)", entry.tensor) }
            })
        let rate = Float(context[InnerLoop.innerLR])
        let rates = Parameters(
            initial.names.filter { !perStep || !Normalization.isNormalizationParameter($0) }.flatMap { name in
                (0..<steps).map { ("\(name).lr.step\($0)", Tensor(rate)) }
            })
        var state = LearnerState(meta: meta)
        state.parameters[Self.learningRatesRole] = rates
        state.optimizers[Self.learningRatesRole] = OptimizerState()
        for index in 0..<statisticsSets {
            batchNorm.initialize(&state, role: Self.statisticsRole(index))
        }
        return state
    }

    /// `schedule` with a constant base replaced by `cosine` (a warm-up kept around it).
    private static func annealed(_ schedule: LearningRateSchedule, to cosine: LearningRateSchedule)
        -> LearningRateSchedule
    {
        switch schedule {
        case .constant: return cosine
        case .warmup(let iterations, let base): return .warmup(iterations: iterations, then: annealed(base, to: cosine))
        default: return schedule
        }
    }

    /// MSL's weights of the query losses after steps 0..<`steps` at `iteration`, as Antoniou et al.'s
    /// code computes them (per epoch there, per iteration here): with K = `steps` and
    /// d = 1/K/`annealingIterations`, each non-final weight is max(1/K − iteration·d, 0.03/K) and the
    /// final one min(1/K + iteration·(K − 1)·d, 1 − (K − 1)·0.03/K).
    public static func stepLossWeights(steps: Int, iteration: Int, annealingIterations: Int) -> [Float] {
        let k = Double(steps)
        let decay = 1 / k / Double(annealingIterations)
        let floor = 0.03 / k
        let t = Double(iteration)
        let early = (0..<(steps - 1)).map { _ in Float(max(1 / k - t * decay, floor)) }
        return early + [Float(min(1 / k + t * (k - 1) * decay, 1 - (k - 1) * floor))]
    }

    /// Whether the meta-gradient of `iteration` is exact (second order).
    func isSecondOrder(at iteration: Int) -> Bool { iteration >= firstOrderIterations }

    /// The index of the per-step values (batch norm, rates) that inner step `step` uses.
    private func stepIndex(_ step: Int) -> Int { min(step, innerSteps - 1) }

    /// The model's parameters for step `step`: the adapted `fast` ones and that step's batch norm.
    private func parameters(_ fast: Parameters, _ meta: Parameters, step: Int) -> Parameters {
        guard perStepBatchNorm else { return fast }
        let suffix = ".step\(stepIndex(step))"
        return fast.merging(
            Parameters(
                meta.entries.compactMap { entry in
                    let name = String(entry.name.dropLast(suffix.count))
                    return entry.name.hasSuffix(suffix) && Normalization.isNormalizationParameter(name)
                        ? (name, entry.tensor) : nil
                }))
    }

    /// The parameters the inner loop adapts: all but the per-step batch norm.
    private func adaptable(_ meta: Parameters) -> Parameters {
        guard perStepBatchNorm else { return meta }
        return meta.filter { name in
            guard let range = name.range(of: ".step", options: .backwards) else { return true }
            return !Normalization.isNormalizationParameter(String(name[..<range.lowerBound]))
        }
    }

    /// `steps` inner updates φ ← φ − αₛ ⊙ ∇L_support(φ) from `meta` with `rates` on the task's support
    /// set (normalised by its own statistics); the adapted parameters, and the query logits after each
    /// step for which `wantsQuery` is true, normalised as `queryNormalization(s)`, in step order.
    private func adapt(
        _ meta: Parameters, rates: Parameters, on task: FewShotTask, steps: Int, secondOrder: Bool,
        queryNormalization: (Int) -> Normalization, wantsQuery: (Int) -> Bool
    )
        -> (adapted: Parameters, queries: [(step: Int, logits: Tensor)])
    {
        var fast = adaptable(meta)
        var queries: [(step: Int, logits: Tensor)] = []
        for step in 0..<steps {
            let current = fast.map { $0.requiresGradient ? $0 : $0.variable() }
            let loss = model(task.support, parameters(current, meta, step: step)).crossEntropy(
                labels: task.supportLabels)
            let gradients = current.gradients(of: loss, createGraph: secondOrder)
            let suffix = ".lr.step\(stepIndex(step))"
            fast = Parameters(
                zip(current.names, zip(current.tensors, gradients.tensors)).map { name, pair in
                    (name, pair.0 - rates.require(name + suffix) * pair.1)
                })
            if wantsQuery(step) {
                queries.append(
                    (
                        step,
                        model(task.query, parameters(fast, meta, step: step), normalization: queryNormalization(step))
                    ))
            }
        }
        return (fast, queries)
    }

    /// The meta-loss of one task at `iteration` (what `metaTrain` differentiates): the MSL-weighted
    /// query losses while MSL anneals, then the last step's, recording the batch-norm statistics of the
    /// query pass after step s in `recorders[s]` when given.
    public func metaLoss(
        on task: FewShotTask, meta: Parameters, rates: Parameters, iteration: Int,
        recorders: [StatisticsRecorder] = []
    ) -> (loss: Tensor, lastLogits: Tensor) {
        let weights = multiStepLossIterations.flatMap {
            iteration < $0
                ? Self.stepLossWeights(
                    steps: innerSteps, iteration: iteration,
                    annealingIterations: $0) : nil
        }
        let last = innerSteps - 1
        let queries = adapt(
            meta, rates: rates, on: task, steps: innerSteps, secondOrder: isSecondOrder(at: iteration),
            queryNormalization: { recorders.isEmpty ? .batch : .recording(recorders[self.statisticsIndex($0)]) },
            wantsQuery: { weights != nil || $0 == last }
        ).queries
        let losses = queries.map { $0.logits.crossEntropy(labels: task.queryLabels) }
        let loss =
            weights.map { weights in
                zip(losses, queries).dropFirst().reduce(losses[0] * weights[queries[0].step]) {
                    $0 + $1.0 * weights[$1.1.step]
                }
            } ?? losses[0]
        return (loss, queries.last!.logits)
    }

    /// Which running statistics inner step `step` uses.
    private func statisticsIndex(_ step: Int) -> Int { perStepBatchNorm ? stepIndex(step) : 0 }

    /// The meta-optimizer's rate at `iteration`, cosine-annealed when `cosineAnnealing` asks for it.
    public func metaLearningRate(iteration: Int) -> Double? {
        metaOptimizer.scheduledRate(step: iteration)
    }

    public func metaTrain(_ state: inout LearnerState, on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let (meta, rates, learnsRates) = (state.meta, state[Self.learningRatesRole], learnsInnerRates)
        let recorders = batch.map { _ in (0..<statisticsSets).map { _ in StatisticsRecorder() } }
        let (gradients, metrics) = MetaBatch.meanGradient(
            batch, threads: context.threads, seed: context.seed,
            iteration: iteration
        ) { index, task in
            let theta = meta.variables()
            let alpha = learnsRates ? rates.variables() : rates
            let (loss, logits) = self.metaLoss(
                on: task, meta: theta, rates: alpha, iteration: iteration, recorders: recorders[index])
            let wrt = learnsRates ? theta.merging(alpha) : theta
            let metrics = withoutGradients {
                TaskMetrics(
                    loss: logits.crossEntropy(labels: task.queryLabels).scalar,
                    accuracy: logits.accuracy(labels: task.queryLabels))
            }
            return (wrt.gradients(of: loss), metrics)
        }
        state.update(gradients: gradients.filter { meta[$0] != nil }, with: metaOptimizer)
        if learnsRates {
            state.update(Self.learningRatesRole, gradients: gradients.filter { rates[$0] != nil }, with: metaOptimizer)
        }
        for index in 0..<statisticsSets {
            batchNorm.fold(recorders.map { $0[index] }, into: &state, role: Self.statisticsRole(index))
        }
        return metrics
    }

    /// The adaptable parameters of `state` after `evalInnerSteps` inner steps on the task's support
    /// set, as evaluation adapts them (the per-step batch norm is not among them).
    public func adaptedParameters(for task: FewShotTask, from state: LearnerState) -> Parameters {
        adapt(
            state.meta, rates: state[Self.learningRatesRole], on: task, steps: evalInnerSteps, secondOrder: false,
            queryNormalization: { _ in .batch }, wantsQuery: { _ in false }
        ).adapted.detached()
    }

    public func predict(_ task: FewShotTask, with state: LearnerState) -> Tensor {
        let last = max(evalInnerSteps - 1, 0)
        let normalization = batchNorm.evaluation(state, role: Self.statisticsRole(statisticsIndex(last)))
        let adapted = adaptedParameters(for: task, from: state)
        return withoutGradients {
            model(task.query, parameters(adapted, state.meta, step: last), normalization: normalization)
        }
    }

    /// The role of step s's running statistics in the state.
    static func statisticsRole(_ index: Int) -> String { "\(BatchNormBookkeeping.role).step\(index)" }
}
