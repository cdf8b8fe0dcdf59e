/// Everything a learner is built from: its resolved hyperparameters, the episode shape, the
/// architecture, the meta-optimizer settings, the run's length and seed, and the threads it may use.
public struct LearnerContext: Sendable {
    /// The learner's hyperparameters, every declared name resolved (spec value or default).
    public let hyperparameters: Hyperparameters
    /// Classes per evaluation episode.
    public let ways: Int
    /// Classes per training episode (equal to `ways` unless the spec sets `episodes.trainWays`).
    public let trainWays: Int
    /// Support images per class.
    public let shots: Int
    /// Query images per class.
    public let queries: Int
    /// Builds the architecture with a head of `outputs` logits (0: the body alone).
    public let makeModel: @Sendable (_ outputs: Int) -> any Model
    /// The meta-optimizer of the spec's `training.optimizer`.
    public let metaOptimizer: OptimizerSettings
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
    public init(hyperparameters: Hyperparameters, ways: Int, trainWays: Int? = nil, shots: Int, queries: Int,
                makeModel: @escaping @Sendable (Int) -> any Model, metaOptimizer: OptimizerSettings,
                iterations: Int, seed: UInt64, threads: Int, batchNorm: BatchNormMode = .transductive) {
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

    /// A generator for the learner's initial parameters, derived from the run's seed.
    public func initializationGenerator() -> SeededGenerator {
        SeededGenerator(seed: seed, stream: [0x1A17])
    }
}

/// The spec's meta-optimizer: which one and its settings.
public struct OptimizerSettings: Sendable, Equatable, Codable {
    /// The optimizers a spec may name.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case adam, sgd
    }

    /// Which optimizer.
    public var kind: Kind
    /// Its base learning rate.
    public var learningRate: Double
    /// How the learning rate changes with the optimizer's updates (constant by default).
    public var schedule: LearningRateSchedule
    /// SGD's momentum (ignored by Adam).
    public var momentum: Double
    /// Adam's first-moment decay.
    public var beta1: Double
    /// Adam's second-moment decay.
    public var beta2: Double
    /// Adam's denominator offset.
    public var epsilon: Double
    /// Weight decay λ: decoupled for Adam (AdamW), added to the gradient as λ·θ for SGD; 0: none.
    public var weightDecay: Double

    /// Settings with the usual defaults (Adam, constant rate, β = 0.9, 0.999, ε = 1e-8, no weight decay).
    public init(kind: Kind = .adam, learningRate: Double = 1e-3, schedule: LearningRateSchedule = .constant,
                momentum: Double = 0, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.kind = kind
        self.learningRate = learningRate
        self.schedule = schedule
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// A fresh optimizer with these settings.
    public func makeOptimizer() -> any Optimizer {
        switch kind {
        case .adam:
            return Adam(learningRate: learningRate, schedule: schedule, beta1: Float(beta1), beta2: Float(beta2),
                        epsilon: Float(epsilon), weightDecay: Float(weightDecay))
        case .sgd:
            return SGD(learningRate: learningRate, schedule: schedule, momentum: Float(momentum), weightDecay: Float(weightDecay))
        }
    }
}
