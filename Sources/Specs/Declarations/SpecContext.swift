import MetaLearning

/// What reading a spec depends on beyond its text: the learners the executable offers, and the name
/// a spec without `name` takes (the CLI passes the file's base name).
struct SpecContext: Sendable {
    /// The learners `learner.name` may name, in registry order.
    let learners: LearnerRegistry
    /// The name used when the spec has none; nil makes `name` required.
    let defaultName: String?

    /// A context for reading specs against `learners`.
    init(learners: LearnerRegistry, defaultName: String? = nil) {
        self.learners = learners
        self.defaultName = defaultName
    }
}
