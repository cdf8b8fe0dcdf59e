import MetaLearning

/// The `episodes.sampling` word: how an episode's shape is drawn.
public enum EpisodeSampling: String, Sendable, Equatable, CaseIterable, HyperparameterWord {
    /// `episodes.ways` and `episodes.shots` as given: one number each, or a `[min, max]` range drawn
    /// uniformly per episode (and, for shots, per class).
    case fixed
    /// Triantafillou et al. 2020's rule (`MetaDatasetSampling`).
    case metaDataset = "meta-dataset"
}
