import MetaLearning

/// What spec validation needs to know about one registered learner. The registry (outside this module)
/// passes one per learner, in registry order.
public struct LearnerDeclaration: Sendable {
    /// The learner's name in the spec (`"maml"`).
    public let name: String
    /// Its hyperparameters, in the order they are listed and written back.
    public let hyperparameters: [Hyperparameter]
    /// Whether it can train on more classes per episode than it is tested on (`episodes.trainWays`
    /// above `episodes.ways`); true for metric learners, false for learners with an N-way output layer.
    public let acceptsTrainWays: Bool

    /// Declares a learner for spec validation.
    public init(name: String, hyperparameters: [Hyperparameter], acceptsTrainWays: Bool = false) {
        self.name = name
        self.hyperparameters = hyperparameters
        self.acceptsTrainWays = acceptsTrainWays
    }
}
