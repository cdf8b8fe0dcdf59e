import MetaLearning

/// Relation Networks (Sung, Yang, Zhang, Xiang, Torr and Hospedales, "Learning to Compare:
/// Relation Network for Few-Shot Learning", CVPR 2018).
///
/// A `MetricLearner` whose rule is a learned comparison: the model's body f embeds support and query
/// images, each class's feature is the sum of its support embeddings (the paper's element-wise sum
/// over the K shots; with unequal shots, see `relationLogits`), and a relation module g scores every
/// (class, query) pair from the
/// concatenation [class feature, query feature] with a relation score sigmoid(g(·)) in (0, 1).
/// Training minimises the mean squared error between the scores and the one-hot match of the
/// query's label (the paper's objective, averaged over the pairs instead of summed) with the spec's
/// meta-optimizer (the paper: Adam at 1e-3), f and g together; g's parameters are the state's
/// `MetricLearner.ruleRole` set. The query logits are g's values before the sigmoid, which rank the
/// classes as the scores do; at evaluation their loss is the query cross-entropy, as every learner's.
///
/// Differences from the paper: its embedding keeps spatial maps (Conv-4 without the last two
/// poolings, 64×7×7 on Omniglot) and g is two convolution blocks (3×3 convolution with 64 filters,
/// batch norm, ReLU, 2×2 max-pooling) over the concatenated maps, then fully connected layers of 8
/// units (ReLU) and 1. The project's bodies flatten their output (Conv-4 on 28×28 images: 1×1×64),
/// and on a 1×1 map a padded 3×3 convolution is a fully connected layer, so here g is that
/// degenerate form on the concatenated feature rows: 2d → `relationChannels` → `relationChannels`
/// → `relationWidth` → 1, ReLU after each hidden layer, without the blocks' batch norm and pooling.
public enum RelationNetworks {
    /// The width of the relation module's two layers in place of the paper's convolution blocks.
    public static let relationChannels = Hyperparameter<Int>(
        "relationChannels",
        "units of the relation module's first two layers, the paper's convolution blocks on a 1×1 map "
            + "(Sung et al. 2018: 64 filters)", .integer(1...4096), default: 64)

    /// The width of the relation module's last hidden layer.
    public static let relationWidth = Hyperparameter<Int>(
        "relationWidth",
        "units of the relation module's last hidden layer, a fully connected one (Sung et al. 2018: 8)",
        .integer(1...4096), default: 8)

    /// The registry entry `relationnet`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(
            name: "relationnet",
            summary: "Relation Networks, a learned relation module scores each (class sum, query) embedding "
                + "pair, trained by mean squared error (Sung et al. 2018)",
            hyperparameters: [relationChannels, relationWidth], acceptsTrainWays: true, acceptsUnequalShots: true,
            acceptsInferenceBatchNorm: true, make: learner)
    ]

    /// The relation module g for embeddings of `featureCount` features: an MLP on the 2·featureCount
    /// concatenation with hidden layers of `channels`, `channels` and `width` units and one output.
    public static func relationModule(featureCount: Int, channels: Int, width: Int) -> MLP {
        MLP(inputSize: 2 * featureCount, hiddenSizes: [channels, channels, width], outputs: 1)
    }

    /// A learner for the context's model built without a head (`makeModel(0)`).
    public static func learner(_ context: LearnerContext) -> MetricLearner {
        let channels = context[Self.relationChannels]
        let width = context[Self.relationWidth]
        let rule = MetricRule(
            parameters: { featureCount, generator in
                relationModule(featureCount: featureCount, channels: channels, width: width).initialParameters(
                    using: &generator)
            },
            loss: relationLoss,
            classify: { support, labels, ways, query, parameters in
                relationLogits(
                    supportEmbeddings: support, supportLabels: labels, ways: ways, queryEmbeddings: query,
                    module: relationModule(featureCount: support.shape[1], channels: channels, width: width), parameters
                )
            })
        return MetricLearner(context, rule: rule)
    }

    /// Relation logits [queries, ways]: g([class feature c, query q]) for every query and class, g the
    /// `module` with `parameters`. The class feature is the mean of the support embeddings [support, d]
    /// labelled c (labels in `0..<ways`, each class present) times the episode's mean shot count
    /// support/ways: with K shots per class exactly the paper's sum of the K embeddings (every weight
    /// is 1), and with unequal shots a mean on the paper's scale. A plain sum would grow with a
    /// class's count, so g, which sees the magnitude, would score a class by how many images it has;
    /// a plain mean (Meta-Dataset's RelationNet, Triantafillou et al. 2020) would move every
    /// fixed-shot episode off the paper's input by the factor K. Differentiable in the embeddings and
    /// the module's parameters, to any order.
    public static func relationLogits(
        supportEmbeddings: Tensor, supportLabels: [Int], ways: Int, queryEmbeddings: Tensor,
        module: MLP, _ parameters: Parameters
    ) -> Tensor {
        let count = supportLabels.count
        precondition(
            supportEmbeddings.rank == 2 && supportEmbeddings.shape[0] == count,
            "relationLogits: \(count) labels for support embeddings of shape \(supportEmbeddings.shape)")
        precondition(
            supportLabels.allSatisfy { (0..<ways).contains($0) } && Set(supportLabels).count == ways,
            "relationLogits: labels \(supportLabels) must cover 0..<\(ways), each class with a support example")
        var perClass = [Int](repeating: 0, count: ways)
        for label in supportLabels { perClass[label] += 1 }
        // (support / ways) / count of the class: exactly 1 when every class has the same count.
        let membership = Tensor.build(shape: [count, ways]) { buffer in
            buffer.initialize(repeating: 0)
            for (index, label) in supportLabels.enumerated() {
                buffer[index * ways + label] = Float(count) / Float(ways * perClass[label])
            }
        }
        let classFeatures = Tensor.matmul(membership, supportEmbeddings, transposingA: true)
        let queries = queryEmbeddings.shape[0]
        // Row q·ways + c of the pairs is [class feature c, query feature q].
        let pairs = Tensor.concatenate(
            [
                classFeatures.gatheringRows((0..<queries).flatMap { _ in Array(0..<ways) }),
                queryEmbeddings.gatheringRows((0..<queries).flatMap { Array(repeating: $0, count: ways) }),
            ], alongAxis: 1)
        return module(pairs, parameters).reshaped([queries, ways])
    }

    /// The paper's objective on relation logits [queries, ways]: the mean over (query, class) pairs of
    /// (sigmoid(logit) − 1[label = class])².
    @Sendable public static func relationLoss(_ logits: Tensor, _ labels: [Int]) -> Tensor {
        let ways = logits.shape[1]
        let targets = Tensor.build(shape: logits.shape) { buffer in
            buffer.initialize(repeating: 0)
            for (query, label) in labels.enumerated() { buffer[query * ways + label] = 1 }
        }
        let scores = Tensor(1) / ((-logits).exp() + 1)
        return (scores - targets).squared().mean()
    }
}
