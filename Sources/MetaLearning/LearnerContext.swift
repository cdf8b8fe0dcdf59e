/// Everything a learner is built from: its resolved hyperparameters, the episode shape, the
/// architecture, the meta-optimizer settings, the run's length and seed, and the threads it may use.
public struct LearnerContext: Sendable {
    /// The learner's hyperparameters, every declared name resolved (spec value or default).
    public let hyperparameters: Hyperparameters
    /// Classes per evaluation episode (the most, when episodes vary).
    public let ways: Int
    /// Classes per training episode (equal to `ways` unless the spec sets `episodes.trainWays`; the
    /// most, when episodes vary).
    public let trainWays: Int
    /// Support images per class (the most, when episodes vary).
    public let shots: Int
    /// Query images per class (the most, when episodes vary).
    public let queries: Int
    /// Builds the architecture with a head of `outputs` logits (0: the body alone).
    public let makeModel: @Sendable (_ outputs: Int) -> any Model
    /// The spec's `training.optimizer` with its schedule and weight decay, fresh: a learner copies
    /// it and runs it on the optimizer state its `LearnerState` holds.
    public let metaOptimizer: any Optimizer
    /// Meta-training iterations of the run (for schedules that anneal over the run).
    public let iterations: Int
    /// The run's seed, for the learner's initialisation.
    public let seed: UInt64
    /// Tasks of a meta-batch evaluated at once.
    public let threads: Int
    /// Which statistics the model's batch norm uses at validation and test (the spec's
    /// `model.batchNorm`; transductive for models without batch norm).
    public let batchNorm: BatchNormMode

    /// A context from its parts.
    public init(
        hyperparameters: Hyperparameters, ways: Int, trainWays: Int? = nil, shots: Int, queries: Int,
        makeModel: @escaping @Sendable (Int) -> any Model, metaOptimizer: any Optimizer,
        iterations: Int, seed: UInt64, threads: Int, batchNorm: BatchNormMode = .transductive
    ) {
        self.hyperparameters = hyperparameters
        self.ways = ways
        self.trainWays = trainWays ?? ways
        self.shots = shots
        self.queries = queries
        self.makeModel = makeModel
        self.metaOptimizer = metaOptimizer
        self.iterations = iterations
        self.seed = seed
        self.threads = max(1, threads)
        self.batchNorm = batchNorm
    }

    /// The value of one of the learner's hyperparameters.
    public subscript<Value>(_ key: Hyperparameter<Value>) -> Value {
        hyperparameters[key]
    }

    /// The state most learners start from: `model`'s initial parameters under "meta", drawn from
    /// `initializationGenerator()`, a fresh meta-optimizer state, and empty running batch-norm
    /// statistics in inference mode.
    public func initialState(of model: any Model) -> LearnerState {
        var generator = initializationGenerator()
        var state = LearnerState(meta: model.initialParameters(using: &generator))
        BatchNormBookkeeping(mode: batchNorm).initialize(&state)
        return state
    }

    /// A generator for the learner's initial parameters, derived from the run's seed.
    public func initializationGenerator() -> SeededGenerator {
        SeededGenerator(seed: seed, stream: [0x1A17])
    }
}
