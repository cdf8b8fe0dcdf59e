extension BatchNormMode {
    /// The `batchNorm` setting of every model with batch norm (`model.batchNorm` in a spec).
    public static let hyperparameter = Hyperparameter(
        "batchNorm",
        "`transductive`: batch statistics at test time too, each episode's queries normalised together (Finn et al. 2017); "
            + "`inference`: running statistics (momentum 0.1, unbiased variance) gathered during meta-training, used at "
            + "validation, test and prediction for the queries, so each query is classified on its own (a support set "
            + "that a learner adapts on is normalised by its own statistics in both modes)",
        .choice(allCases.map(\.rawValue)), default: .text(BatchNormMode.transductive.rawValue), writtenAtDefault: false)

    /// The mode a model's resolved settings name; transductive for a model without batch norm.
    public init(modelSettings: Hyperparameters) {
        guard case .text(let word)? = modelSettings.values[Self.hyperparameter.name], let mode = BatchNormMode(rawValue: word) else {
            self = .transductive
            return
        }
        self = mode
    }
}

extension LearnerState {
    /// The role under which a learner saves its running batch-norm statistics.
    public static let runningStatisticsRole = "runningStatistics"

    /// The saved running batch-norm statistics; an error when the state has none.
    public func runningStatistics() throws -> RunningStatistics {
        guard let saved = parameters[Self.runningStatisticsRole] else { throw LearnerStateError.missing(Self.runningStatisticsRole) }
        return RunningStatistics(saved)
    }
}
