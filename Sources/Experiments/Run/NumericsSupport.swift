import MetaLearning

extension NumericsMode {
    /// Refuses this mode before any work when this CPU lacks an instruction set it needs, or, under
    /// `group`, when any rank's CPU does (every rank of the group must call this together).
    public func requireSupport(across group: (any ProcessGroup)? = nil) throws(RunError) {
        guard let group, group.size > 1 else {
            if let feature = missingFeature { throw .missingCPUFeature(mode: self, feature: feature, ranks: []) }
            return
        }
        let lacking = group.allGather([missingFeature == nil ? 0 : 1]).enumerated().filter { $0.element == [1] }
        if !lacking.isEmpty, let feature = missingFeature(bf16Supported: false) {
            throw .missingCPUFeature(mode: self, feature: feature, ranks: lacking.map(\.offset))
        }
    }
}
