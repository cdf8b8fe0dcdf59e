import MetaLearning

/// Heads on frozen features: learners that fit a classifier to each episode's support features from
/// a backbone trained elsewhere (pre-training, or another run) and learn nothing in meta-training.
public enum FrozenHeads {
    /// The registry entries `simpleshot`, `logistic` and `finetune`.
    public static let learners: [LearnerDescriptor] = [
        SimpleShot.descriptor, LogisticHead.descriptor, FineTuneHead.descriptor,
    ]
}
