extension BatchNormMode: HyperparameterWord {}

extension BatchNormMode {
    /// The `batchNorm` setting of every model with batch norm (`model.batchNorm` in a spec).
    public static let hyperparameter = Hyperparameter<BatchNormMode>(
        "batchNorm",
        "`transductive`: batch statistics at test time too, each episode's queries normalised together (Finn et al. 2017); "
            + "`inference`: running statistics (momentum 0.1, unbiased variance) gathered during meta-training, used at "
            + "validation, test and prediction for the queries, so each query is classified on its own (a support set "
            + "that a learner adapts on is normalised by its own statistics in both modes)",
        default: .transductive, writtenAtDefault: false)

    /// The mode a model's resolved settings name; transductive for a model without batch norm.
    public init(modelSettings: Hyperparameters) {
        self =
            modelSettings.values[Self.hyperparameter.name].flatMap(BatchNormMode.init(hyperparameterValue:))
            ?? .transductive
    }
}
