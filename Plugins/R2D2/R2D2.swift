import Foundation
import MetaLearning

/// R2D2, "ridge regression differentiable discriminator" (Bertinetto, Henriques, Torr and Vedaldi,
/// "Meta-learning with differentiable closed-form solvers", ICLR 2019).
///
/// A `MetricLearner` whose rule is a ridge-regression head solved in closed form for each episode:
/// with the support embeddings X [n, d] and their one-hot labels Y [n, ways], the head is
/// W = Xᵀ(XXᵀ + λI)⁻¹Y, the ridge solution (XᵀX + λI)⁻¹XᵀY rewritten by the Woodbury identity so
/// that the system solved is n×n (n = ways·shots, far below d) rather than d×d, as in the paper.
/// The query logits are α·(X_q W) + β, with the scale α and the bias β learned with the embedding
/// (the paper's adjustment layer) and λ learned as well, as log λ, which keeps it positive. The
/// meta-gradient flows through the solve (`Tensor.solve`), whose derivative is exact to any
/// order. Training minimises the query cross-entropy with the spec's meta-optimizer.
///
/// Differences from the paper: the regression has no bias column appended to X (β adjusts the
/// logits instead), α starts at 1 and β at 0, λ at `initialLambda`; the logistic-regression variant
/// (LR-D2, Newton's method in the inner loop) is not built.
public enum R2D2 {
    /// The regulariser λ at the start of training; it is learned (as log λ) from there.
    public static let initialLambda = Hyperparameter<Double>(
        "initialLambda",
        "the ridge regulariser λ at the start; meta-learned from there as log λ (Bertinetto et al. 2019 "
            + "learn λ with the embedding)", .real(.positive), default: 1)

    /// The registry entry `r2d2`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "r2d2",
            summary: "R2D2, a ridge-regression head solved in closed form per episode (Woodbury), "
                + "differentiated through its solve (Bertinetto et al. 2019)",
            hyperparameters: [initialLambda], acceptsTrainWays: true, acceptsUnequalShots: true,
            acceptsInferenceBatchNorm: true, make: learner)
    ]

    /// The names of the rule's learned scalars in the state's `MetricLearner.ruleRole` set.
    public enum Parameter {
        /// The logits' scale α.
        public static let scale = "scale"
        /// The logits' bias β.
        public static let bias = "bias"
        /// log λ.
        public static let logLambda = "logLambda"
    }

    /// A learner for the context's model built without a head (`makeModel(0)`).
    public static func learner(_ context: LearnerContext) -> MetricLearner {
        let logLambda = Float(Foundation.log(context[Self.initialLambda]))
        let initialParameters: MetricRule.InitialParameters = { _, _ in
            Parameters([
                (Parameter.scale, Tensor(shape: [1], scalars: [1])),
                (Parameter.bias, Tensor(shape: [1], scalars: [0])),
                (Parameter.logLambda, Tensor(shape: [1], scalars: [logLambda])),
            ])
        }
        let rule = MetricRule(
            parameters: initialParameters,
            classify: { support, labels, ways, query, parameters in
                ridgeLogits(
                    supportEmbeddings: support, supportLabels: labels, ways: ways, queryEmbeddings: query,
                    scale: parameters.require(Parameter.scale), bias: parameters.require(Parameter.bias),
                    lambda: parameters.require(Parameter.logLambda).exp())
            })
        return MetricLearner(context, rule: rule)
    }

    /// The ridge-regression head W [d, ways] = Xᵀ(XXᵀ + λI)⁻¹Y of support embeddings X [n, d] with
    /// labels in `0..<ways` (Y their one-hot rows), for a positive `lambda` of shape [1]: the minimiser
    /// of ‖XW − Y‖² + λ‖W‖², found by solving one n×n system. Differentiable in X and λ, to any order.
    public static func ridgeWeights(
        supportEmbeddings: Tensor, supportLabels: [Int], ways: Int, lambda: Tensor
    ) -> Tensor {
        let count = supportLabels.count
        precondition(
            supportEmbeddings.rank == 2 && supportEmbeddings.shape[0] == count,
            "ridgeWeights: \(count) labels for support embeddings of shape \(supportEmbeddings.shape)")
        precondition(
            supportLabels.allSatisfy { (0..<ways).contains($0) },
            "ridgeWeights: labels \(supportLabels) outside 0..<\(ways)")
        let targets = Tensor.build(shape: [count, ways]) { buffer in
            buffer.initialize(repeating: 0)
            for (index, label) in supportLabels.enumerated() { buffer[index * ways + label] = 1 }
        }
        let gram = Tensor.matmul(supportEmbeddings, supportEmbeddings, transposingB: true)
        let regularized = gram + Tensor.identity(count) * lambda
        return Tensor.matmul(supportEmbeddings, Tensor.solve(regularized, targets), transposingA: true)
    }

    /// Query logits [queries, ways]: `scale` · (query embeddings · the ridge head of the support set)
    /// + `bias`, the scale, bias and `lambda` each of shape [1]. Differentiable in the embeddings and
    /// the three scalars, to any order.
    public static func ridgeLogits(
        supportEmbeddings: Tensor, supportLabels: [Int], ways: Int, queryEmbeddings: Tensor,
        scale: Tensor, bias: Tensor, lambda: Tensor
    ) -> Tensor {
        let weights = ridgeWeights(
            supportEmbeddings: supportEmbeddings, supportLabels: supportLabels, ways: ways, lambda: lambda)
        return Tensor.matmul(queryEmbeddings, weights) * scale + bias
    }
}
