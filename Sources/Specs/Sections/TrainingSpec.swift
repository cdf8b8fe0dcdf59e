import MetaLearning

/// The `training` section: the meta-training loop.
public struct TrainingSpec: Sendable, Equatable {
    /// `training.iterations`: meta-updates.
    public var iterations: Int
    /// `training.metaBatchSize`: training episodes (tasks) per meta-update.
    public var metaBatchSize: Int
    /// `training.optimizer`: the meta-optimizer and its settings (`OptimizerCatalog`).
    public var optimizer: ChoiceSpec
    /// `training.schedule`: the meta learning rate's schedule over the run (`ScheduleCatalog`).
    public var schedule: ChoiceSpec
    /// `training.warmupIterations`: iterations of linear warm-up of the meta learning rate, on top of
    /// `schedule`; 0: none.
    public var warmupIterations: Int
    /// `training.weightDecay`: the meta-optimizer's weight decay (decoupled for Adam, L2 in the
    /// gradient for SGD); 0: none.
    public var weightDecay: Double
    /// `training.validateEvery`: validate every this many iterations (and after the last); 0 never
    /// validates. Without validation (0, or an empty validation split: see `ExperimentSpec.validates`)
    /// the final parameters are tested.
    public var validateEvery: Int
    /// `training.validationEpisodes`: episodes in the fixed validation set.
    public var validationEpisodes: Int
    /// `training.checkpointEvery`: write a checkpoint every this many iterations (and after the last).
    public var checkpointEvery: Int
    /// `training.logEvery`: log training loss and accuracy every this many iterations.
    public var logEvery: Int

    /// A training section from its keys; no validation happens here.
    public init(
        iterations: Int, metaBatchSize: Int, optimizer: ChoiceSpec, schedule: ChoiceSpec,
        warmupIterations: Int, weightDecay: Double,
        validateEvery: Int, validationEpisodes: Int, checkpointEvery: Int, logEvery: Int
    ) {
        self.iterations = iterations
        self.metaBatchSize = metaBatchSize
        self.optimizer = optimizer
        self.schedule = schedule
        self.warmupIterations = warmupIterations
        self.weightDecay = weightDecay
        self.validateEvery = validateEvery
        self.validationEpisodes = validationEpisodes
        self.checkpointEvery = checkpointEvery
        self.logEvery = logEvery
    }
}

extension TrainingSpec {
    /// The meta-optimizer the section describes, fresh: `optimizer` with its settings, `schedule`
    /// (a cosine anneals over `iterations`) under the warm-up when there is one, and the weight decay.
    public var metaOptimizer: any Optimizer {
        let base = ScheduleCatalog.descriptor(named: schedule.name)!.make(schedule.parameters, iterations)
        let scheduled: LearningRateSchedule =
            warmupIterations > 0 ? .warmup(iterations: warmupIterations, then: base) : base
        return OptimizerCatalog.descriptor(named: optimizer.name)!.make(optimizer.parameters, scheduled, weightDecay)
    }
}

extension TrainingSpec: SpecSection {
    init() {
        self.init(
            iterations: 0, metaBatchSize: 0, optimizer: ChoiceSpec(), schedule: ChoiceSpec(), warmupIterations: 0,
            weightDecay: 0, validateEvery: 0, validationEpisodes: 0, checkpointEvery: 0, logEvery: 0)
    }

    /// The most meta-updates of a run: ten times the longest published schedule (Reptile's 100,000).
    static let mostIterations = 1_000_000_000
    /// The most tasks per meta-update.
    static let largestMetaBatch = 10_000

    /// `iterations / 10`, at least 1.
    static func tenth(_ section: Self) -> Int { max(1, section.iterations / 10) }

    static var fields: [SpecField<Self>] {
        [
            .value(
                "iterations", \.iterations, .integer(0...mostIterations), default: .value(2000),
                "meta-updates; 0 after a `pretraining` phase: test its body with the learner as it is"),
            .value(
                "metaBatchSize", \.metaBatchSize, .integer(1...largestMetaBatch), default: .value(32),
                "tasks per meta-update"),
            .choice(
                "optimizer", \.optimizer, kind: "optimizer", among: { _ in OptimizerCatalog.all as [any SpecChoice] },
                defaultName: "adam",
                "the meta-optimizer"),
            .choice(
                "schedule", \.schedule, kind: "schedule", among: { _ in ScheduleCatalog.all as [any SpecChoice] },
                defaultName: "constant",
                "the meta learning rate over the run, for every learner that uses the meta-optimizer"),
            .value(
                "warmupIterations", \.warmupIterations, .integer(0...mostIterations), default: .value(0),
                writtenAtDefault: false,
                "linear warm-up: the scheduled rate times min(1, (t + 1) / warmupIterations) at iteration t (Goyal et al. 2017); 0: none"
            ),
            .value(
                "weightDecay", \.weightDecay, .real(RealRange(0, .infinity, upperIsOpen: true)), default: .value(0),
                writtenAtDefault: false,
                "weight decay λ of the meta-optimizer: decoupled for `adam` (AdamW: θ ← θ·(1 − lr·λ) before the step), "
                    + "added to the gradient for `sgd` (g + λθ, PyTorch's `weight_decay`); 0: none"),
            .value(
                "validateEvery", \.validateEvery, .integer(0...mostIterations),
                default: .derived("`iterations / 10`", tenth),
                "validate on a fixed episode set this often, at most `iterations`; the best checkpoint is tested; 0: never"
            ),
            .value(
                "validationEpisodes", \.validationEpisodes, .integer(1...EvaluationSpec.mostEpisodes),
                default: .value(100),
                "size of the fixed validation set"),
            .value(
                "checkpointEvery", \.checkpointEvery, .integer(1...mostIterations),
                default: .derived("`validateEvery`, or `iterations / 10` without validation") {
                    $0.validateEvery > 0 ? $0.validateEvery : tenth($0)
                },
                "checkpoint this often (atomically), at most `iterations`"),
            .value(
                "logEvery", \.logEvery, .integer(1...mostIterations),
                default: .derived("`iterations / 100`") { max(1, $0.iterations / 100) },
                "write a `metrics.jsonl` line this often, at most `iterations`"),
        ]
    }
}
