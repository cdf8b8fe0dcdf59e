/// How the registry knows a learner: its name, what it is, its hyperparameters and how to build it.
public struct LearnerDescriptor: Sendable {
    /// The name a spec's `learner.name` uses (lowercase: `maml`, `protonet`).
    public let name: String
    /// One line: what the learner does and its paper.
    public let summary: String
    /// The hyperparameters it accepts in the spec's `learner` object.
    public let hyperparameters: [HyperparameterDeclaration]
    /// Whether it can train with more ways than it is tested with (`episodes.trainWays`):
    /// true for learners without a fixed-size classification head, which take episodes of any
    /// number of ways (as Meta-Dataset draws them) and give one logit column per class of each.
    public let acceptsTrainWays: Bool
    /// Whether it adapts to support sets whose classes have different numbers of images (a user's
    /// own support set may): false unless the learner says so, since `FewShotTask.shots` assumes
    /// equal ones.
    public let acceptsUnequalShots: Bool
    /// Whether it keeps running batch-norm statistics and evaluates with them when the spec asks
    /// for `inference` batch norm (`LearnerContext.batchNorm`); false unless the learner says so.
    public let acceptsInferenceBatchNorm: Bool
    /// Whether it updates its meta-parameters with the spec's meta-optimizer (`training.optimizer`,
    /// `schedule`, `warmupIterations`, `weightDecay`); false for Reptile, whose outer step is its
    /// own, and for learners that learn nothing.
    public let usesMetaOptimizer: Bool
    /// Whether meta-training changes its state; false for heads on frozen features, whose
    /// `metaTrain` only evaluates its batch: they take a trained backbone (and the base-class mean)
    /// from pre-training or another run instead.
    public let learnsInMetaTraining: Bool
    /// What one meta-training task keeps alive at its peak, given the learner's hyperparameters; the
    /// memory estimate of a run multiplies it by the model's layer outputs per image.
    public let taskMemory: @Sendable (Hyperparameters) -> TaskMemory
    /// Builds the learner for a run.
    public let make: @Sendable (LearnerContext) -> any Learner

    /// A descriptor from its parts.
    public init(
        name: String, summary: String, hyperparameters: [any HyperparameterKey], acceptsTrainWays: Bool = false,
        acceptsUnequalShots: Bool = false, acceptsInferenceBatchNorm: Bool = false, usesMetaOptimizer: Bool = true,
        learnsInMetaTraining: Bool = true,
        taskMemory: @escaping @Sendable (Hyperparameters) -> TaskMemory = { _ in .onePass },
        make: @escaping @Sendable (LearnerContext) -> any Learner
    ) {
        self.name = name
        self.summary = summary
        self.hyperparameters = hyperparameters.map(\.declaration)
        self.acceptsTrainWays = acceptsTrainWays
        self.acceptsUnequalShots = acceptsUnequalShots
        self.acceptsInferenceBatchNorm = acceptsInferenceBatchNorm
        self.usesMetaOptimizer = usesMetaOptimizer
        self.learnsInMetaTraining = learnsInMetaTraining
        self.taskMemory = taskMemory
        self.make = make
    }

    /// Every hyperparameter at its default, overridden by `values` (which must be valid).
    public func resolve(_ values: [String: HyperparameterValue] = [:]) -> Hyperparameters {
        Hyperparameters(resolving: hyperparameters, values)
    }
}

/// The learners a run can name, in registration order (which is also the row order of tables).
public struct LearnerRegistry: Sendable {
    /// The registered learners, in order.
    public private(set) var descriptors: [LearnerDescriptor] = []

    /// An empty registry.
    public init() {}

    /// Adds learners; a name registered twice is a programming error.
    public mutating func register(_ learners: [LearnerDescriptor]) {
        for learner in learners {
            precondition(descriptor(named: learner.name) == nil, "learner '\(learner.name)' is registered twice")
            descriptors.append(learner)
        }
    }

    /// The learner called `name`, or nil.
    public func descriptor(named name: String) -> LearnerDescriptor? {
        descriptors.first { $0.name == name }
    }

    /// The registered names, in order.
    public var names: [String] { descriptors.map(\.name) }
}
