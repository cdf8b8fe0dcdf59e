/// Something a spec names in a choice object, `{"name": "adam", "lr": 0.001}`: a learner, a model,
/// an optimizer or a schedule, each with its settings. The spec reader, the JSON Schema and the
/// spec reference see every catalog through it.
public protocol SpecChoice: Sendable {
    /// The value of `name` that selects it.
    var name: String { get }
    /// What it is, and its paper.
    var summary: String { get }
    /// Its settings, in listing order.
    var parameters: [HyperparameterDeclaration] { get }
}

extension ModelDescriptor: SpecChoice {}
extension OptimizerDescriptor: SpecChoice {}
extension ScheduleDescriptor: SpecChoice {}

extension LearnerDescriptor: SpecChoice {
    /// The learner's hyperparameters.
    public var parameters: [HyperparameterDeclaration] { hyperparameters }
}
