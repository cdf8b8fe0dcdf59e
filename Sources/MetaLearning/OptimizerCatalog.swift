/// How a spec's `training.optimizer` names an optimizer: its name, what it is, its settings and how
/// to build the engine's optimizer from them.
public struct OptimizerDescriptor: Sendable {
    /// The name `training.optimizer.name` uses (`adam`).
    public let name: String
    /// One line: the optimizer and its paper.
    public let summary: String
    /// The settings it accepts in the `training.optimizer` object.
    public let parameters: [HyperparameterDeclaration]
    /// A fresh optimizer from resolved settings, the learning-rate schedule and the weight decay.
    public let make:
        @Sendable (_ settings: Hyperparameters, _ schedule: LearningRateSchedule, _ weightDecay: Double) ->
            any Optimizer

    /// A descriptor from its parts.
    public init(
        name: String, summary: String, parameters: [any HyperparameterKey],
        make: @escaping @Sendable (Hyperparameters, LearningRateSchedule, Double) -> any Optimizer
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map(\.declaration)
        self.make = make
    }
}

/// The meta-optimizers `training.optimizer` may name, with their settings.
public enum OptimizerCatalog {
    /// Adam's learning rate.
    public static let adamLR = Hyperparameter<Double>(
        "lr", "learning rate (Finn et al. 2017 and Snell et al. 2017: 0.001)",
        .real(.positive), default: 0.001)
    /// Adam's first-moment decay.
    public static let beta1 = Hyperparameter<Double>(
        "beta1", "decay of the first-moment average", .real(.fraction), default: 0.9)
    /// Adam's second-moment decay.
    public static let beta2 = Hyperparameter<Double>(
        "beta2", "decay of the second-moment average", .real(.fraction), default: 0.999)
    /// Adam's denominator offset.
    public static let epsilon = Hyperparameter<Double>(
        "epsilon", "added to the denominator", .real(.positive), default: 1e-8)
    /// SGD's learning rate.
    public static let sgdLR = Hyperparameter<Double>("lr", "learning rate", .real(.positive), default: 0.01)
    /// SGD's momentum.
    public static let momentum = Hyperparameter<Double>(
        "momentum", "heavy-ball momentum; 0: plain SGD", .real(.fraction), default: 0)
    /// Whether SGD's momentum is Nesterov's.
    public static let nesterov = Hyperparameter<Bool>(
        "nesterov", "Nesterov momentum (Sutskever et al. 2013), as PyTorch's `nesterov=True`; needs momentum",
        .boolean, default: false, writtenAtDefault: false)

    /// Adam (Kingma and Ba 2015), AdamW with weight decay.
    public static let adam = OptimizerDescriptor(
        name: "adam", summary: "Adam (Kingma and Ba 2015)",
        parameters: [adamLR, beta1, beta2, epsilon]
    ) { settings, schedule, weightDecay in
        Adam(
            learningRate: settings[adamLR], schedule: schedule, beta1: Float(settings[beta1]),
            beta2: Float(settings[beta2]),
            epsilon: Float(settings[epsilon]), weightDecay: Float(weightDecay))
    }

    /// Stochastic gradient descent with momentum.
    public static let sgd = OptimizerDescriptor(
        name: "sgd", summary: "stochastic gradient descent with momentum",
        parameters: [sgdLR, momentum, nesterov]
    ) { settings, schedule, weightDecay in
        SGD(
            learningRate: settings[sgdLR], schedule: schedule, momentum: Float(settings[momentum]),
            nesterov: settings[nesterov], weightDecay: Float(weightDecay))
    }

    /// Every optimizer, in listing order.
    public static let all = [adam, sgd]

    /// The optimizer called `name`, or nil.
    public static func descriptor(named name: String) -> OptimizerDescriptor? {
        all.first { $0.name == name }
    }
}
