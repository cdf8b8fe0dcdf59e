import MetaLearning

/// The logistic-regression head of RFS (Tian, Wang, Krishnan, Tenenbaum and Isola 2020, "Rethinking
/// Few-Shot Image Classification: a Good Embedding Is All You Need?", §3 and the reference code's
/// `meta_test`): support and query features are L2-normalised, a multinomial logistic regression
/// with an L2 penalty (scikit-learn's `LogisticRegression`, C = 1) is fitted to the support
/// features, and its logits W x + b score the queries.
///
/// RFS runs scikit-learn's L-BFGS for at most 1,000 iterations, stopping at a gradient tolerance of
/// 1e-4; here `MultinomialLogisticRegression` reaches the same objective's optimum to rounding with
/// a fixed number of Newton steps in Float64, so an episode's logits are a pure function of its
/// images and the same on every machine that computes its features alike.
public struct LogisticHead: FrozenFeatureHead {
    /// C, the inverse regularisation strength.
    public static let inverseRegularization = Hyperparameter<Double>(
        "C",
        "inverse strength of the L2 penalty on the weights, as scikit-learn's C: the objective is the support "
            + "cross-entropy summed plus ‖W‖²/(2C) (Tian et al. 2020: scikit-learn's default, 1)",
        .real(1e-6...1e6), default: 1)
    /// The solver's step limit.
    public static let newtonSteps = Hyperparameter<Int>(
        "newtonSteps",
        "Newton steps of the solver at most, each with a backtracking line search; it stops earlier at the "
            + "optimum (RFS: scikit-learn's L-BFGS, at most 1,000 iterations); 30 reach the optimum to rounding on "
            + "5-way 1- and 5-shot episodes",
        .integer(1...1000), default: 30)

    /// The registry entry `logistic`.
    public static let descriptor = LearnerDescriptor(
        name: "logistic",
        summary:
            "RFS head: multinomial logistic regression on L2-normalised frozen features, fitted by Newton's method "
            + "(Tian et al. 2020)",
        hyperparameters: [inverseRegularization, newtonSteps], acceptsTrainWays: true, acceptsUnequalShots: true,
        acceptsInferenceBatchNorm: true, usesMetaOptimizer: false, learnsInMetaTraining: false,
        taskMemory: { _ in FrozenBody.taskMemory }, make: { LogisticHead($0) })

    public let body: FrozenBody
    let inverseRegularization: Double
    let newtonSteps: Int

    /// A head on the body of the context's model.
    public init(_ context: LearnerContext) {
        body = FrozenBody(context)
        inverseRegularization = context[Self.inverseRegularization]
        newtonSteps = context[Self.newtonSteps]
    }

    public func logits(
        supportFeatures: Tensor, supportLabels: [Int], ways: Int, queryFeatures: Tensor, state: LearnerState
    ) -> Tensor {
        let regression = withoutGradients {
            MultinomialLogisticRegression(
                fitting: supportFeatures.rowNormalized(), labels: supportLabels, classes: ways,
                inverseRegularization: inverseRegularization, newtonSteps: newtonSteps)
        }
        return regression.logits(withoutGradients { queryFeatures.rowNormalized() })
    }
}
