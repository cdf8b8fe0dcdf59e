import MetaLearning

/// The learners that ship with swift-metalearn, in the order tables list them: every module of
/// `learnerPlugins` in Package.swift registers its `learners` (the list is generated at build time).
/// An outside package builds its own registry from this one and adds its learners.
public enum BuiltinLearners {
    /// Every built-in learner, registered in table order.
    public static let registry: LearnerRegistry = {
        var registry = LearnerRegistry()
        registry.register(plugins.flatMap(\.learners))
        return registry
    }()
}
