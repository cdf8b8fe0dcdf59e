import MetaLearning

/// The `learner` section: `{"name": "maml", "innerLR": 0.4, ...}`. `name` is required and must be a
/// registered learner; every other key is one of that learner's hyperparameters, and the ones omitted
/// take their declared defaults.
public struct LearnerSpec: Sendable, Equatable {
    /// The registered learner's name.
    public var name: String
    /// Every declared hyperparameter, with the spec's value or its default. Values of real
    /// hyperparameters are always `.real`, even when written as integers.
    public var hyperparameters: Hyperparameters
    /// The hyperparameter names in declaration order, the order they are written back in.
    public var hyperparameterOrder: [String]

    /// A learner section from its values; no validation happens here.
    public init(name: String, hyperparameters: Hyperparameters, hyperparameterOrder: [String]) {
        self.name = name
        self.hyperparameters = hyperparameters
        self.hyperparameterOrder = hyperparameterOrder
    }
}
