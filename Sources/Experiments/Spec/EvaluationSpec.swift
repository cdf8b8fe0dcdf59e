/// The `evaluation` section: the final test of the best checkpoint.
public struct EvaluationSpec: Sendable, Equatable {
    /// Fixed test episodes; accuracy is their mean with a 95% confidence interval. Default 600; at least 1.
    public var episodes: Int

    /// An evaluation section.
    public init(episodes: Int) {
        self.episodes = episodes
    }
}
