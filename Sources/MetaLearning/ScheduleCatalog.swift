/// How a spec's `training.schedule` names a learning-rate schedule: its name, what it is, its
/// settings and how to build the engine's schedule from them.
public struct ScheduleDescriptor: Sendable {
    /// The name `training.schedule.name` uses (`cosine`).
    public let name: String
    /// One line: the schedule and its paper.
    public let summary: String
    /// The settings it accepts in the `training.schedule` object.
    public let parameters: [HyperparameterDeclaration]
    /// The schedule from resolved settings, for a run of `iterations` updates.
    public let make: @Sendable (_ settings: Hyperparameters, _ iterations: Int) -> LearningRateSchedule

    /// A descriptor from its parts.
    public init(
        name: String, summary: String, parameters: [any HyperparameterKey],
        make: @escaping @Sendable (Hyperparameters, Int) -> LearningRateSchedule
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map(\.declaration)
        self.make = make
    }
}

/// The schedules `training.schedule` may name: the meta learning rate as a function of the iteration.
public enum ScheduleCatalog {
    /// Step decay's period.
    public static let every = Hyperparameter<Int>(
        "every", "iterations between two decays", .integer(1...Int.max), default: 2000)
    /// Step decay's factor.
    public static let factor = Hyperparameter<Double>(
        "factor", "what each decay multiplies the learning rate by",
        .real(RealRange(0, 1, lowerIsOpen: true)), default: 0.5)
    /// Cosine annealing's final rate.
    public static let minimumLR = Hyperparameter<Double>(
        "minimumLR", "the learning rate at the end of the run",
        .real(RealRange(0, .infinity, upperIsOpen: true)), default: 0)

    /// The optimizer's `lr` throughout.
    public static let constant = ScheduleDescriptor(
        name: "constant", summary: "the optimizer's `lr` throughout",
        parameters: []
    ) { _, _ in .constant }

    /// Step decay.
    public static let step = ScheduleDescriptor(
        name: "step",
        summary: "`lr` multiplied by `factor` every `every` iterations (Snell et al. 2017: halved every 2000)",
        parameters: [every, factor]
    ) { settings, _ in .step(every: settings[every], factor: settings[factor]) }

    /// Cosine annealing over the run.
    public static let cosine = ScheduleDescriptor(
        name: "cosine",
        summary:
            "cosine annealing from `lr` to `minimumLR` over `training.iterations` (Loshchilov and Hutter 2017; Antoniou et al. 2019)",
        parameters: [minimumLR]
    ) { settings, iterations in .cosine(iterations: iterations, minimum: settings[minimumLR]) }

    /// Every schedule, in listing order.
    public static let all = [constant, step, cosine]

    /// The schedule called `name`, or nil.
    public static func descriptor(named name: String) -> ScheduleDescriptor? {
        all.first { $0.name == name }
    }
}
