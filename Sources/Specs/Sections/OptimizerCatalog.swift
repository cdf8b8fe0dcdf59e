import MetaLearning

/// The meta-optimizers `training.optimizer` may name, with their settings.
public enum OptimizerCatalog {
    /// Adam (Kingma and Ba 2015).
    public static let adam = ChoiceDeclaration(name: "adam", summary: "Adam (Kingma and Ba 2015)", parameters: [
        Hyperparameter("lr", "learning rate (Finn et al. 2017 and Snell et al. 2017: 0.001)", .real(.positive), default: .real(0.001)),
        Hyperparameter("beta1", "decay of the first-moment average", .real(.fraction), default: .real(0.9)),
        Hyperparameter("beta2", "decay of the second-moment average", .real(.fraction), default: .real(0.999)),
        Hyperparameter("epsilon", "added to the denominator", .real(.positive), default: .real(1e-8)),
    ])

    /// Stochastic gradient descent with momentum.
    public static let sgd = ChoiceDeclaration(name: "sgd", summary: "stochastic gradient descent with momentum", parameters: [
        Hyperparameter("lr", "learning rate", .real(.positive), default: .real(0.01)),
        Hyperparameter("momentum", "heavy-ball momentum; 0: plain SGD", .real(.fraction), default: .real(0)),
    ])

    /// Every optimizer, in listing order.
    public static let all = [adam, sgd]
}

/// The schedules `training.schedule` may name: the meta learning rate as a function of the iteration.
public enum ScheduleCatalog {
    /// The optimizer's `lr` throughout.
    public static let constant = ChoiceDeclaration(name: "constant", summary: "the optimizer's `lr` throughout", parameters: [])

    /// Step decay.
    public static let step = ChoiceDeclaration(name: "step", summary: "`lr` multiplied by `factor` every `every` iterations (Snell et al. 2017: halved every 2000)", parameters: [
        Hyperparameter("every", "iterations between two decays", .integer(1...Int.max), default: .integer(2000)),
        Hyperparameter("factor", "what each decay multiplies the learning rate by", .real(RealRange(0, 1, lowerIsOpen: true)), default: .real(0.5)),
    ])

    /// Cosine annealing over the run.
    public static let cosine = ChoiceDeclaration(name: "cosine", summary: "cosine annealing from `lr` to `minimumLR` over `training.iterations` (Loshchilov and Hutter 2017; Antoniou et al. 2019)", parameters: [
        Hyperparameter("minimumLR", "the learning rate at the end of the run", .real(RealRange(0, .infinity, upperIsOpen: true)), default: .real(0)),
    ])

    /// Every schedule, in listing order.
    public static let all = [constant, step, cosine]
}
