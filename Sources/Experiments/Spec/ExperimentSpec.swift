/// A resolved experiment spec: what `metalearn run` trains and tests, with every default filled in.
///
/// Decode one with `init(json:learners:defaultName:)` (strict: every error is reported with its JSON
/// path), write it back with `canonicalJSON` (the run directory's `spec.json`), identify it by
/// `specSHA256`. Each section documents its keys and defaults.
public struct ExperimentSpec: Sendable, Equatable {
    /// The experiment's name; the default run directory is `runs/<name>`. Letters, digits, `.`, `_`
    /// and `-`, not starting with `.`. Required, unless the decoder is given a default (the file's name).
    public var name: String
    /// The seed of everything random in the run (initialisation, episodes); non-negative. Default 0.
    public var seed: Int
    /// The images and how they are split into classes for training, validation and test.
    public var dataset: DatasetSpec
    /// The shape of the few-shot episodes.
    public var episodes: EpisodeSpec
    /// The network the learner adapts.
    public var model: ModelSpec
    /// The learner and its resolved hyperparameters. Required (its `name` at least).
    public var learner: LearnerSpec
    /// The meta-training loop.
    public var training: TrainingSpec
    /// The final test.
    public var evaluation: EvaluationSpec

    /// Whether the run validates: `training.validateEvery` is positive and the validation split has
    /// classes. When false, no best checkpoint is chosen and the final parameters are tested.
    public var validates: Bool { training.validateEvery > 0 && dataset.split.hasValidation }

    /// A spec from its sections, as decoding produces it; no validation happens here.
    public init(name: String, seed: Int, dataset: DatasetSpec, episodes: EpisodeSpec, model: ModelSpec,
                learner: LearnerSpec, training: TrainingSpec, evaluation: EvaluationSpec) {
        self.name = name
        self.seed = seed
        self.dataset = dataset
        self.episodes = episodes
        self.model = model
        self.learner = learner
        self.training = training
        self.evaluation = evaluation
    }
}
