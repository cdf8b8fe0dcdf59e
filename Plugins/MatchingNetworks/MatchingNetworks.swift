import MetaLearning

/// Matching Networks (Vinyals, Blundell, Lillicrap, Kavukcuoglu and Wierstra, NeurIPS 2016),
/// without the full context embeddings.
///
/// A `MetricLearner` whose rule is the paper's attention: the model's body embeds support and
/// query images with the same network, a query x̂ attends to the support set with
/// a(x̂, xᵢ) = softmax over i of cos(f(x̂), g(xᵢ)) / τ, and its probability of class c is the
/// attention on that class's support images, P(c | x̂) = Σ_{i: yᵢ = c} a(x̂, xᵢ) (the paper's
/// eq. 1 and 2): a softmax-weighted sum of the support images' one-hot labels. Training minimises
/// the query cross-entropy with the spec's meta-optimizer; there is no head, so training episodes
/// may have more classes than test episodes (`episodes.trainWays`).
///
/// The temperature τ is a fixed hyperparameter, 1 by default: the paper's softmax over plain
/// cosine similarities. With a ReLU at the end of the body every cosine lies in [0, 1], so at
/// τ = 1 the attention stays soft (a 5-way 1-shot query puts at most e / (e + 4) ≈ 0.40 on its
/// class) while the arg max, and so the accuracy, is unaffected; a smaller τ sharpens it.
///
/// Not built: the full context embeddings (the bidirectional LSTM g over the support set and the
/// attention LSTM f of the paper's section 2.1.2; the engine has no recurrent layers). Here
/// f = g is the body alone, the variant the paper's tables list as "Matching Nets" beside
/// "Matching Nets FCE", and the baseline most reimplementations report.
public enum MatchingNetworks {
    /// The temperature τ. The meta-optimizer and its schedule are the spec's `training.optimizer`
    /// and `training.schedule`.
    public static let temperature = Hyperparameter<Double>(
        "temperature",
        "divides the cosine similarities before the attention's softmax; 1 is the paper's plain softmax "
            + "over cosines (Vinyals et al. 2016, eq. 2)", .real(.positive), default: 1)

    /// The registry entry `matching`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "matching",
            summary: "Matching Networks, softmax attention over cosine similarities to the support embeddings, "
                + "without full context embeddings (Vinyals et al. 2016)",
            hyperparameters: [temperature], acceptsTrainWays: true, acceptsUnequalShots: true,
            acceptsInferenceBatchNorm: true, make: learner)
    ]

    /// A learner for the context's model built without a head (`makeModel(0)`), at the context's temperature.
    public static func learner(_ context: LearnerContext) -> MetricLearner {
        let temperature = Float(context[Self.temperature])
        return MetricLearner(context) { support, labels, ways, query in
            matchingLogits(
                supportEmbeddings: support, supportLabels: labels, ways: ways, queryEmbeddings: query,
                temperature: temperature)
        }
    }

    /// Logits [queries, ways] whose softmax is the paper's P(c | x̂): for each query and class c,
    /// log Σ_{i: yᵢ = c} exp(sᵢ) with sᵢ = cos(query, supportᵢ) / `temperature`. Since
    /// log P(c | x̂) = log Σ_{i∈c} exp(sᵢ) − log Σ_i exp(sᵢ), the engine's cross-entropy of these
    /// logits is exactly the negative log of the attention summed over the label's support images.
    /// Every class in `0..<ways` needs at least one support embedding. Differentiable with respect
    /// to both embeddings, to any order.
    public static func matchingLogits(
        supportEmbeddings: Tensor, supportLabels: [Int], ways: Int,
        queryEmbeddings: Tensor, temperature: Float = 1
    ) -> Tensor {
        let count = supportLabels.count
        precondition(
            supportEmbeddings.rank == 2 && supportEmbeddings.shape[0] == count,
            "matchingLogits: \(count) labels for support embeddings of shape \(supportEmbeddings.shape)")
        // The one-hot labels of the support images, [support, ways].
        precondition(
            supportLabels.allSatisfy { (0..<ways).contains($0) } && Set(supportLabels).count == ways,
            "matchingLogits: labels \(supportLabels) must cover 0..<\(ways), each class with a support example")
        let membership = Tensor.build(shape: [count, ways]) { buffer in
            buffer.initialize(repeating: 0)
            for (index, label) in supportLabels.enumerated() { buffer[index * ways + label] = 1 }
        }
        let scores = queryEmbeddings.cosineSimilarities(to: supportEmbeddings) / temperature
        // Each class's log-sum-exp is shifted by that class's largest score, a constant: the
        // value and its derivatives are unchanged, and no sum underflows at a small temperature.
        let queries = scores.shape[0]
        let values = scores.scalars
        var classMaxima = [Float](repeating: -.infinity, count: queries * ways)
        for query in 0..<queries {
            for (index, label) in supportLabels.enumerated() {
                classMaxima[query * ways + label] = max(
                    classMaxima[query * ways + label], values[query * count + index])
            }
        }
        let shift = Tensor.build(shape: [queries, count]) { buffer in
            for query in 0..<queries {
                for (index, label) in supportLabels.enumerated() {
                    buffer[query * count + index] = classMaxima[query * ways + label]
                }
            }
        }
        let classSums = Tensor.matmul((scores - shift).exp(), membership)
        return classSums.log() + Tensor(shape: [queries, ways], scalars: classMaxima)
    }
}
