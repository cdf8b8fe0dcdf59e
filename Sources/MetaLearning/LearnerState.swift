/// A learner's learned state, owned by the runner and passed to the learner: named parameter sets
/// (the meta-parameters under `meta`, learned learning rates, running batch-norm statistics) and
/// the optimizer states that continue their training. A checkpoint holds it as it is.
public struct LearnerState: Sendable, Codable {
    /// The role of the meta-parameters and of their optimizer.
    public static let metaRole = "meta"

    /// Parameter sets by role (`meta`, `learningRates`, ...).
    public var parameters: [String: Parameters]
    /// Optimizer states by role (`meta`, ...).
    public var optimizers: [String: OptimizerState]

    /// A state from its parts.
    public init(parameters: [String: Parameters], optimizers: [String: OptimizerState] = [:]) {
        self.parameters = parameters
        self.optimizers = optimizers
    }

    /// The state of a learner whose learned values are its meta-parameters, updated by a fresh
    /// meta-optimizer (MAML, ANIL, ProtoNet).
    public init(meta: Parameters) {
        self.init(parameters: [Self.metaRole: meta], optimizers: [Self.metaRole: OptimizerState()])
    }

    /// The meta-parameters.
    public var meta: Parameters {
        get { self[Self.metaRole] }
        set { parameters[Self.metaRole] = newValue }
    }

    /// The parameter set of `role`; a learner reads only roles its `initialState()` has.
    public subscript(role: String) -> Parameters {
        guard let set = parameters[role] else { preconditionFailure("learner state has no '\(role)' parameters") }
        return set
    }

    /// Takes one step of `optimizer` (a fresh one: its own state is ignored) on the parameters of
    /// `role` along `gradients`, continuing from the optimizer state of the same role.
    public mutating func update(_ role: String = metaRole, gradients: Parameters, with optimizer: any Optimizer) {
        var values = self[role]
        var optimizer = optimizer
        optimizer.state = optimizers[role] ?? OptimizerState()
        optimizer.step(&values, gradients: gradients)
        parameters[role] = values
        optimizers[role] = optimizer.state
    }

    /// Throws unless this state (read from a checkpoint) fits a learner whose initial state is
    /// `expected`: every parameter role with the same names and shapes (a role that starts empty,
    /// such as running statistics, takes whatever training recorded) and every optimizer role.
    public func checkFits(_ expected: LearnerState) throws(LearnerStateError) {
        for role in expected.parameters.keys.sorted() {
            guard let saved = parameters[role] else { throw .missing(role) }
            let initial = expected[role]
            guard
                initial.names.isEmpty
                    || (saved.names == initial.names
                        && zip(saved.tensors, initial.tensors).allSatisfy({ $0.shape == $1.shape }))
            else {
                throw .mismatch(role: role, expected: initial.names, found: saved.names)
            }
        }
        for role in expected.optimizers.keys.sorted() where optimizers[role] == nil {
            throw .missingOptimizer(role)
        }
    }
}

/// Why a saved state does not fit a learner.
public enum LearnerStateError: Error, CustomStringConvertible {
    case missing(String)
    case missingOptimizer(String)
    case mismatch(role: String, expected: [String], found: [String])

    public var description: String {
        switch self {
        case .missing(let role):
            return "checkpoint has no '\(role)' parameters; was it written by another learner?"
        case .missingOptimizer(let role):
            return "checkpoint has no '\(role)' optimizer state; was it written by another learner?"
        case .mismatch(let role, let expected, let found):
            return "checkpoint '\(role)' parameters do not match the model (expected \(expected.count) tensors "
                + "\(expected.prefix(3))…, found \(found.count) \(found.prefix(3))…); was it written with another model or learner?"
        }
    }
}
