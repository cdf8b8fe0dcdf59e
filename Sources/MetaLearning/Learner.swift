/// A meta-learner: the one protocol every learner plugin conforms to.
///
/// The runner drives it: `metaTrain(on:)` once per iteration with a meta-batch of tasks, and
/// `evaluate(_:)` on validation and test tasks, possibly from several threads at once (it must
/// only read the meta-parameters); `predict(_:)` is the same adaptation for a trained learner
/// put to work on images whose classes are unknown. `state` and `restore(_:)` round-trip
/// everything needed to continue training bit for bit (meta-parameters, learned learning rates,
/// optimizer state).
public protocol Learner: AnyObject, Sendable {
    /// One meta-training iteration over a meta-batch; returns the mean query loss and accuracy
    /// of the tasks as seen during the step (after adaptation, before the meta-update).
    func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics
    /// Adapts to the task's support set exactly as evaluation does and returns the logits of its
    /// query images, [queries, outputs], with no gradient graph: column `k` scores label `k`. A
    /// learner with a fixed-size head returns one column per output, so columns from `task.ways`
    /// on belong to no class of the task. Never reads `queryLabels` (they may be unknown), never
    /// changes the learner, and may run on several threads at once.
    func predict(_ task: FewShotTask) -> Tensor
    /// Adapts to the task's support set and scores its queries; never changes the learner. The
    /// default is the query metrics of `predict(task)`, which every built-in learner uses.
    func evaluate(_ task: FewShotTask) -> TaskMetrics
    /// Everything needed to continue training exactly.
    var state: LearnerState { get }
    /// Continues from a saved state; throws if it does not fit this learner.
    func restore(_ state: LearnerState) throws
}

extension Learner {
    /// The query loss and accuracy of the logits `predict(task)` returns.
    public func evaluate(_ task: FewShotTask) -> TaskMetrics {
        let logits = predict(task)
        return task.queryMetrics { logits }
    }
}

/// A learner's saved state: named parameter sets and optimizer states.
public struct LearnerState: Sendable, Codable {
    /// Parameter sets by role ("meta", "learningRates", ...).
    public var parameters: [String: Parameters]
    /// Optimizer states by role ("meta", ...).
    public var optimizers: [String: OptimizerState]

    /// A state from its parts.
    public init(parameters: [String: Parameters], optimizers: [String: OptimizerState] = [:]) {
        self.parameters = parameters
        self.optimizers = optimizers
    }

    /// The state of a learner whose learned values are its meta-parameters and their optimizer
    /// (MAML, ANIL, ProtoNet), both under the role "meta".
    public init(meta: Parameters, optimizer: OptimizerState) {
        self.init(parameters: ["meta": meta], optimizers: ["meta": optimizer])
    }

    /// The "meta" parameters (checked against `expected`) and their optimizer state, both or an error.
    public func meta(matching expected: Parameters) throws -> (parameters: Parameters, optimizer: OptimizerState) {
        (try parameters("meta", matching: expected), try optimizer("meta"))
    }

    /// The parameter set for `role`, checked against the names and shapes the learner expects.
    public func parameters(_ role: String, matching expected: Parameters) throws -> Parameters {
        guard let saved = parameters[role] else {
            throw LearnerStateError.missing(role)
        }
        guard saved.names == expected.names, zip(saved.tensors, expected.tensors).allSatisfy({ $0.shape == $1.shape }) else {
            throw LearnerStateError.mismatch(role: role, expected: expected.names, found: saved.names)
        }
        return saved
    }

    /// The optimizer state for `role`; without it training could not continue exactly.
    public func optimizer(_ role: String) throws -> OptimizerState {
        guard let saved = optimizers[role] else { throw LearnerStateError.missingOptimizer(role) }
        return saved
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
            return "checkpoint '\(role)' parameters do not match the model (expected \(expected.count) tensors \(expected.prefix(3))…, found \(found.count) \(found.prefix(3))…); was it written with another model or learner?"
        }
    }
}
