import MetaLearning

/// Matching Networks (Vinyals, Blundell, Lillicrap, Kavukcuoglu and Wierstra, NeurIPS 2016),
/// without the full context embeddings.
///
/// A `MetricLearner` (the framework's learner that classifies by a rule on embeddings) with this rule:
/// the model's body embeds support and query images with the same network. A query x̂ attends to the support set with a(x̂, xᵢ) = softmax over i of
/// cos(f(x̂), g(xᵢ)) / τ, and its probability of class c is the attention on that class's support
/// images, P(c | x̂) = Σ_{i: yᵢ = c} a(x̂, xᵢ) (the paper's eq. 1 and 2). `MetricLearner` trains it
/// with the query cross-entropy and the spec's meta-optimizer; it has no head, so training episodes
/// may have more classes than test episodes (`episodes.trainWays`).
///
/// The temperature τ is a fixed hyperparameter, 1 by default: the paper's softmax over plain
/// cosine similarities. With a ReLU at the end of the body every cosine lies in [0, 1], so at
/// τ = 1 the attention stays soft (a 5-way 1-shot query puts at most e / (e + 4) ≈ 0.40 on its
/// class) while the arg max, and so the accuracy, is unaffected; a smaller τ sharpens it.
///
/// Out of scope: the full context embeddings (the bidirectional LSTM g over the support set and
/// the attention LSTM f of the paper's section 2.1.2); here f = g is the body alone, the
/// variant the paper's tables list as "Matching Nets" beside "Matching Nets FCE". Support and
/// query images of an episode are embedded in one batch, as ProtoNet does: with a
/// batch-normalised body (Conv-4) the statistics are those of that batch, at training and at
/// evaluation alike.
public enum MatchingNetworks {
    /// The temperature τ. The meta-optimizer and its schedule are the spec's `training.optimizer`
    /// and `training.schedule`.
    public static let temperature = Hyperparameter<Double>(
        "temperature",
        "divides the cosine similarities before the attention's softmax; 1 is the paper's plain softmax over cosines (Vinyals et al. 2016, eq. 2)",
        .real(.positive), default: 1)

    /// The registry entry `matching`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "matching",
                          summary: "Matching Networks, softmax attention over cosine similarities to the support embeddings, without full context embeddings (Vinyals et al. 2016)",
                          hyperparameters: [temperature], acceptsTrainWays: true, make: learner),
    ]

    /// Added to each squared norm before the square root, so a zero embedding has cosine 0 with
    /// everything instead of dividing by zero.
    public static let normEpsilon: Float = 1e-8

    /// A learner for the context's model built without a head (`makeModel(0)`), at the context's temperature.
    public static func learner(_ context: LearnerContext) -> MetricLearner {
        let temperature = Float(context[Self.temperature])
        return MetricLearner(context) { support, labels, ways, query in
            matchingLogits(supportEmbeddings: support, supportLabels: labels, ways: ways, queryEmbeddings: query,
                           temperature: temperature)
        }
    }

    /// Cosine similarities [n, m] between the rows of `a` [n, d] and of `b` [m, d], each row's
    /// norm taken as √(‖row‖² + `normEpsilon`). Differentiable with respect to both.
    public static func cosineSimilarities(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[1],
                     "cosineSimilarities: shapes \(a.shape) and \(b.shape) need the same row length")
        func normalized(_ rows: Tensor) -> Tensor {
            rows / (rows.squared().sum(alongAxes: [1], keepingDimensions: true) + normEpsilon).sqrt()
        }
        return Tensor.matmul(normalized(a), normalized(b), transposingB: true)
    }

    /// Logits [queries, ways] whose softmax is the paper's P(c | x̂): for each query and class c,
    /// log Σ_{i: yᵢ = c} exp(sᵢ) with sᵢ = cos(query, supportᵢ) / `temperature`. Since
    /// log P(c | x̂) = log Σ_{i∈c} exp(sᵢ) − log Σ_i exp(sᵢ), the engine's cross-entropy of these
    /// logits is exactly the negative log of the attention summed over the label's support images.
    /// Every class in `0..<ways` needs at least one support embedding. Differentiable with respect
    /// to both embeddings, to any order.
    public static func matchingLogits(supportEmbeddings: Tensor, supportLabels: [Int], ways: Int,
                                      queryEmbeddings: Tensor, temperature: Float = 1) -> Tensor {
        let count = supportLabels.count
        precondition(supportEmbeddings.rank == 2 && supportEmbeddings.shape[0] == count,
                     "matchingLogits: \(count) labels for support embeddings of shape \(supportEmbeddings.shape)")
        var perClass = [Int](repeating: 0, count: ways)
        for label in supportLabels {
            precondition((0..<ways).contains(label), "matchingLogits: label \(label) outside 0..<\(ways)")
            perClass[label] += 1
        }
        precondition(perClass.allSatisfy { $0 > 0 }, "matchingLogits: every class needs a support example, counts \(perClass)")
        let scores = cosineSimilarities(queryEmbeddings, supportEmbeddings) / temperature
        // Each class's log-sum-exp is shifted by that class's largest score, a constant: the
        // value and its derivatives are unchanged, and no sum underflows at a small temperature.
        let queries = scores.shape[0], values = scores.scalars
        var classMaxima = [Float](repeating: -.infinity, count: queries * ways)
        for query in 0..<queries {
            for (index, label) in supportLabels.enumerated() {
                classMaxima[query * ways + label] = max(classMaxima[query * ways + label], values[query * count + index])
            }
        }
        let shift = Tensor.build(shape: [queries, count]) { buffer in
            for query in 0..<queries {
                for (index, label) in supportLabels.enumerated() { buffer[query * count + index] = classMaxima[query * ways + label] }
            }
        }
        let membership = Tensor.build(shape: [count, ways]) { buffer in
            buffer.initialize(repeating: 0)
            for (index, label) in supportLabels.enumerated() { buffer[index * ways + label] = 1 }
        }
        let classSums = Tensor.matmul((scores - shift).exp(), membership)
        return classSums.log() + Tensor(shape: [queries, ways], scalars: classMaxima)
    }
}
