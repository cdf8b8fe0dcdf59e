/// Where a learner keeps the mean feature of the base (training) classes, which SimpleShot's CL2N
/// subtracts before normalising (Wang et al. 2019): a learner whose initial state has this role
/// receives the mean that pre-training computes at its end, stored with the checkpoint.
public enum BaseFeatureMean {
    /// The role of the mean in a `LearnerState`.
    public static let role = "baseMean"
    /// The name of its one tensor, [featureCount].
    public static let name = "mean"
}
