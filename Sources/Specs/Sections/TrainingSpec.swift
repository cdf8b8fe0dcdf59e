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
    public init(iterations: Int, metaBatchSize: Int, optimizer: ChoiceSpec, schedule: ChoiceSpec = ChoiceSpec(ScheduleCatalog.constant),
                validateEvery: Int, validationEpisodes: Int, checkpointEvery: Int, logEvery: Int) {
        self.iterations = iterations
        self.metaBatchSize = metaBatchSize
        self.optimizer = optimizer
        self.schedule = schedule
        self.validateEvery = validateEvery
        self.validationEpisodes = validationEpisodes
        self.checkpointEvery = checkpointEvery
        self.logEvery = logEvery
    }
}

extension TrainingSpec: SpecSection {
    init() { self.init(iterations: 0, metaBatchSize: 0, optimizer: ChoiceSpec(), schedule: ChoiceSpec(), validateEvery: 0,
                       validationEpisodes: 0, checkpointEvery: 0, logEvery: 0) }

    /// The most meta-updates of a run: ten times the longest published schedule (Reptile's 100,000).
    static let mostIterations = 1_000_000_000
    /// The most tasks per meta-update.
    static let largestMetaBatch = 10_000

    /// `iterations / 10`, at least 1.
    static func tenth(_ section: Self) -> Int { max(1, section.iterations / 10) }

    static var fields: [SpecField<Self>] {
        [
            .value("iterations", \.iterations, .integer(1...mostIterations), default: .value(2000), "meta-updates"),
            .value("metaBatchSize", \.metaBatchSize, .integer(1...largestMetaBatch), default: .value(32), "tasks per meta-update"),
            .choice("optimizer", \.optimizer, kind: "optimizer", among: { _ in OptimizerCatalog.all }, defaultName: "adam",
                    "the meta-optimizer"),
            .choice("schedule", \.schedule, kind: "schedule", among: { _ in ScheduleCatalog.all }, defaultName: "constant",
                    "the meta learning rate over the run, for every learner that uses the meta-optimizer"),
            .value("validateEvery", \.validateEvery, .integer(0...mostIterations), default: .derived("`iterations / 10`", tenth),
                   "validate on a fixed episode set this often, at most `iterations`; the best checkpoint is tested; 0: never"),
            .value("validationEpisodes", \.validationEpisodes, .integer(1...EvaluationSpec.mostEpisodes), default: .value(100),
                   "size of the fixed validation set"),
            .value("checkpointEvery", \.checkpointEvery, .integer(1...mostIterations),
                   default: .derived("`validateEvery`, or `iterations / 10` without validation") { $0.validateEvery > 0 ? $0.validateEvery : tenth($0) },
                   "checkpoint this often (atomically), at most `iterations`"),
            .value("logEvery", \.logEvery, .integer(1...mostIterations), default: .derived("`iterations / 100`") { max(1, $0.iterations / 100) },
                   "write a `metrics.jsonl` line this often, at most `iterations`"),
        ]
    }
}
