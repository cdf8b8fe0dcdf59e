import MetaLearning

/// The `evaluation` section: the final test of the best checkpoint.
public struct EvaluationSpec: Sendable, Equatable {
    /// `evaluation.episodes`: the fixed test episodes.
    public var episodes: Int

    /// An evaluation section.
    public init(episodes: Int) {
        self.episodes = episodes
    }
}

extension EvaluationSpec: SpecSection {
    init() { self.init(episodes: 0) }

    /// The most test or validation episodes: a 95% interval is already about ±0.1% at this count.
    static let mostEpisodes = 1_000_000
    /// The test episodes a run or `metalearn eval` may ask for: a 95% interval needs two at least.
    public static let episodeCounts = 2...mostEpisodes

    static var fields: [SpecField<Self>] {
        [
            .value(
                "episodes", \.episodes, .integer(episodeCounts), default: .value(600),
                "fixed test episodes (a confidence interval needs at least 2); accuracy is their mean ± 1.96·sd/√n")
        ]
    }
}
