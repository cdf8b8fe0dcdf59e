import MetaLearning

/// A cosine nearest-neighbour classifier on meta-learned embeddings: each class is scored by the
/// cosine similarity of the query to its *nearest* support image of that class, divided by a
/// temperature τ, logit(c | x̂) = max_{i: yᵢ = c} cos(f(x̂), f(xᵢ)) / τ.
///
/// Nearest-neighbour classification of embeddings by cosine similarity is the baseline of Vinyals,
/// Blundell, Lillicrap, Kavukcuoglu and Wierstra (NeurIPS 2016, Table 1, "Baseline Classifier"
/// with a nearest-neighbour rule) and of SimpleShot (Wang, Chao, Weinberger and van der Maaten,
/// 2019, which finds it competitive with meta-learned rules). Here the embedding is trained for it
/// episodically, as Matching Networks (built into the framework as `matching`) are trained: the
/// query cross-entropy of these logits with the spec's meta-optimizer. Where Matching Networks
/// attend softly to every support image, this rule takes the hard maximum, so the gradient reaches
/// only each class's nearest support image. With one shot the two rules coincide up to τ.
///
/// A `MetricLearner` (the framework's learner that classifies by a rule on embeddings) with this
/// rule: no head, so training episodes may have more classes than test episodes (`episodes.trainWays`).
public enum NearestNeighbour {
    /// The temperature τ. The meta-optimizer and its schedule are the spec's `training.optimizer`
    /// and `training.schedule`.
    public static let temperature = Hyperparameter<Double>(
        "temperature",
        "divides the nearest neighbour's cosine similarity before the softmax over classes; with cosines in [0, 1] "
            + "(a body ending in ReLU) 0.1 spreads the logits over a range of 10",
        .real(.positive), default: 0.1)

    /// The registry entry `nearest-neighbour`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "nearest-neighbour",
            summary: "cosine nearest neighbour on episodically trained embeddings: each class scored by its "
                + "nearest support image (Vinyals et al. 2016's baseline rule)",
            hyperparameters: [temperature], acceptsTrainWays: true, acceptsUnequalShots: true, make: learner)
    ]

    /// A learner for the context's model built without a head (`makeModel(0)`), at the context's temperature.
    public static func learner(_ context: LearnerContext) -> MetricLearner {
        let temperature = Float(context[Self.temperature])
        return MetricLearner(context) { support, labels, ways, query in
            nearestNeighbourLogits(
                supportEmbeddings: support, supportLabels: labels, ways: ways, queryEmbeddings: query,
                temperature: temperature)
        }
    }

    /// Logits [queries, ways]: for each query and class c, the largest cosine similarity between the
    /// query embedding and a support embedding labelled c, divided by `temperature`. Every class in
    /// `0..<ways` needs at least one support embedding. Differentiable in both embeddings to any
    /// order, away from ties (where the first nearest image in support order is taken).
    public static func nearestNeighbourLogits(
        supportEmbeddings: Tensor, supportLabels: [Int], ways: Int, queryEmbeddings: Tensor, temperature: Float
    ) -> Tensor {
        let count = supportLabels.count
        precondition(
            supportEmbeddings.rank == 2 && supportEmbeddings.shape[0] == count,
            "nearestNeighbourLogits: \(count) labels for support embeddings of shape \(supportEmbeddings.shape)")
        precondition(
            supportLabels.allSatisfy { (0..<ways).contains($0) } && Set(supportLabels).count == ways,
            "nearestNeighbourLogits: labels \(supportLabels) must cover 0..<\(ways)")
        let scores = queryEmbeddings.cosineSimilarities(to: supportEmbeddings) / temperature
        let queries = scores.shape[0]
        let values = scores.scalars
        // The flat index of each (query, class)'s nearest support image in the [queries · support] scores.
        var nearest = [Int](repeating: -1, count: queries * ways)
        for query in 0..<queries {
            for (index, label) in supportLabels.enumerated() {
                let slot = query * ways + label
                if nearest[slot] < 0 || values[query * count + index] > values[nearest[slot]] {
                    nearest[slot] = query * count + index
                }
            }
        }
        return scores.reshaped([queries * count, 1]).gatheringRows(nearest).reshaped([queries, ways])
    }
}
