/// Why a run's model cannot be exported, or not to the path asked for.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    case outputExists(path: String)
    case notAFile(path: String)
    case noModel(learner: String)
    case unexportableLayout(learner: String, model: String, found: String, expected: String)
    case missingRunningStatistics(learner: String, role: String)

    public var description: String {
        switch self {
        case .outputExists(let path):
            return "\(path) exists; pass --force to replace it"
        case .notAFile(let path):
            return "\(path) exists and is not a regular file; nothing replaces it"
        case .noModel(let learner):
            return "learner '\(learner)' keeps no model parameters under 'meta'; there is nothing to export"
        case .unexportableLayout(let learner, let model, let found, let expected):
            return
                "learner '\(learner)' keeps its parameters in a layout \(model) does not have (found '\(found)' where the model has "
                + "'\(expected)'; MAML++'s per-step batch norm is one such: train with learner.perStepBatchNorm false to export)"
        case .missingRunningStatistics(let learner, let role):
            return
                "learner '\(learner)' ran with model.batchNorm inference but its checkpoint keeps no running statistics under '\(role)'; it cannot be exported with them"
        }
    }
}
