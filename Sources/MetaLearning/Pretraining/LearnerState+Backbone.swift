extension LearnerState {
    /// This state (a learner's initial one) starting from `backbone`, the state of a pre-training
    /// phase or of another run: every body parameter of the meta-parameters (all but the learner's
    /// own `head.*`) is replaced by the backbone's of the same name, the running batch-norm
    /// statistics are taken over when both keep them, and a learner that keeps the base-class mean
    /// (`BaseFeatureMean.role`) takes the backbone's. Optimizer states stay fresh.
    /// - Throws: `BackboneError` when the learner has no body to start, the backbone lacks a body
    ///   parameter or holds it in another shape (another model), or the learner needs a base-class
    ///   mean the backbone does not have.
    public func startingFrom(_ backbone: LearnerState) throws(BackboneError) -> LearnerState {
        let initial = meta
        let trained = backbone.meta
        let bodyNames = initial.names.filter { !$0.hasPrefix("head.") }
        guard !bodyNames.isEmpty else { throw .noBody }
        var started = self
        started.meta = Parameters(
            try initial.entries.map { entry throws(BackboneError) in
                guard !entry.name.hasPrefix("head.") else { return (entry.name, entry.tensor) }
                guard let tensor = trained[entry.name] else { throw .missing(entry.name) }
                guard tensor.shape == entry.tensor.shape else {
                    throw .shape(entry.name, expected: entry.tensor.shape, found: tensor.shape)
                }
                return (entry.name, tensor)
            })
        let statistics = BatchNormBookkeeping.role
        if parameters[statistics] != nil, let running = backbone.parameters[statistics] {
            started.parameters[statistics] = running
        }
        if parameters[BaseFeatureMean.role] != nil {
            guard let mean = backbone.parameters[BaseFeatureMean.role] else { throw .noBaseMean }
            started.parameters[BaseFeatureMean.role] = mean
        }
        return started
    }
}

/// Why a learner cannot start from a backbone.
public enum BackboneError: Error, Equatable, CustomStringConvertible {
    /// The learner learns no body (nearest-centroid).
    case noBody
    /// The backbone lacks a body parameter of the learner's model.
    case missing(String)
    /// The backbone holds a body parameter in another shape.
    case shape(String, expected: [Int], found: [Int])
    /// The learner subtracts a base-class mean and the backbone has none.
    case noBaseMean

    public var description: String {
        switch self {
        case .noBody: return "the learner has no network to start from a backbone"
        case .missing(let name):
            return "the backbone has no parameter '\(name)'; it was trained with another model than the spec's"
        case .shape(let name, let expected, let found):
            return "the backbone's '\(name)' has shape \(found) where the spec's model has \(expected); "
                + "it was trained with another model or size"
        case .noBaseMean:
            return "the learner subtracts the base-class mean feature, and the backbone has none "
                + "(only a pre-training phase computes it)"
        }
    }
}
