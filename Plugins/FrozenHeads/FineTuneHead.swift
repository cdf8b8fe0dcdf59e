import MetaLearning

/// The fine-tuned heads of Baseline and Baseline++ (Chen, Liu, Kira, Wang and Huang 2019, "A Closer
/// Look at Few-shot Classification", §3.1 and §3.2): a fresh classifier with one output per class
/// of the episode, trained on the support features with the body frozen, then applied to the
/// query features. `linear` is Baseline's W x + b; `cosine` is Baseline++'s scaled cosine
/// similarity between the feature and each class's weight row, without a bias
/// (`CosineClassifier`), with the reference code's fixed scale: 2 for at most 200 classes, else 10.
///
/// Training follows the reference code (`BaselineFinetune.set_forward_adaptation`): PyTorch's SGD
/// with learning rate 0.01, momentum 0.9, dampening 0.9 and weight decay 1e-3 on weights and bias,
/// 100 epochs over the support set in mini-batches of 4 (the last of an epoch smaller), each epoch
/// in a new random order, on the mean cross-entropy of the batch; the weights and bias start
/// uniform in ±1/√d (PyTorch's `nn.Linear`). Deviations: the initialisation and the orders are
/// drawn from a generator derived from the run's seed alone (the same for every episode), so an
/// episode's logits are a pure function of its images and the seed; and the cosine head has a
/// fixed scale, without the reference code's learnable norm of each weight row (`WeightNorm`),
/// as the paper describes it.
public struct FineTuneHead: FrozenFeatureHead {
    /// The classifiers the head can be.
    public enum Classifier: String, Sendable, CaseIterable, HyperparameterWord {
        case linear, cosine
    }

    /// Linear or cosine.
    public static let classifier = Hyperparameter<Classifier>(
        "classifier",
        "the head: linear (Baseline, W x + b) or cosine (Baseline++, scaled cosine similarity) (Chen et al. 2019)",
        default: .cosine)
    /// Passes over the support set.
    public static let epochs = Hyperparameter<Int>(
        "epochs", "passes over the support set, each in a new order (Chen et al. 2019's code: 100)",
        .integer(1...100_000), default: 100)
    /// Support features per SGD step.
    public static let batchSize = Hyperparameter<Int>(
        "batchSize", "support features per SGD step (Chen et al. 2019's code: 4)", .integer(1...100_000), default: 4)
    /// SGD's learning rate.
    public static let learningRate = Hyperparameter<Double>(
        "lr",
        "SGD's learning rate, with momentum 0.9, dampening 0.9 and weight decay 1e-3 (Chen et al. 2019's code: 0.01)",
        .real(.positive), default: 0.01)

    /// The registry entry `finetune`.
    public static let descriptor = LearnerDescriptor(
        name: "finetune",
        summary:
            "Baseline and Baseline++: a fresh linear or cosine head trained on frozen support features (Chen et al. 2019)",
        hyperparameters: [classifier, epochs, batchSize, learningRate], acceptsTrainWays: true,
        acceptsUnequalShots: true, acceptsInferenceBatchNorm: true, usesMetaOptimizer: false,
        learnsInMetaTraining: false, taskMemory: { _ in FrozenBody.taskMemory }, make: { FineTuneHead($0) })

    /// Momentum, dampening and weight decay of the reference code's SGD.
    static let momentum: Float = 0.9, dampening: Float = 0.9, weightDecay: Float = 1e-3
    /// The stream of the head's generator.
    private static let stream: UInt64 = 0xF1E7_0001

    public let body: FrozenBody
    let classifier: Classifier
    let epochs: Int
    let batchSize: Int
    let learningRate: Float

    /// A head on the body of the context's model.
    public init(_ context: LearnerContext) {
        body = FrozenBody(context)
        classifier = context[Self.classifier]
        epochs = context[Self.epochs]
        batchSize = context[Self.batchSize]
        learningRate = Float(context[Self.learningRate])
    }

    public func logits(
        supportFeatures: Tensor, supportLabels: [Int], ways: Int, queryFeatures: Tensor, state: LearnerState
    ) -> Tensor {
        let head = trainedHead(supportFeatures: supportFeatures, supportLabels: supportLabels, ways: ways)
        return withoutGradients { Self.logits(queryFeatures, head, classifier: classifier) }
    }

    /// The head after training on the support features: `weight` [ways, d] and, for `linear`, `bias` [ways].
    public func trainedHead(supportFeatures: Tensor, supportLabels: [Int], ways: Int) -> Parameters {
        var generator = SeededGenerator(seed: body.seed, stream: [Self.stream])
        var head = Self.initialHead(
            ways: ways, featureCount: supportFeatures.shape[1], classifier: classifier, using: &generator)
        var velocity: Parameters?
        let support = supportFeatures.detached()
        for _ in 0..<epochs {
            var order = Array(supportLabels.indices)
            generator.shuffle(&order)
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let batch = Array(order[start..<min(start + batchSize, order.count)])
                let variables = head.variables()
                let loss = Self.logits(support.gatheringRows(batch), variables, classifier: classifier)
                    .crossEntropy(labels: batch.map { supportLabels[$0] })
                Self.step(&head, gradients: variables.gradients(of: loss), velocity: &velocity, rate: learningRate)
            }
        }
        return head
    }

    /// Logits [rows, ways] of `features` [rows, d] under `head`.
    static func logits(_ features: Tensor, _ head: Parameters, classifier: Classifier) -> Tensor {
        let weight = head.require("weight")
        switch classifier {
        case .linear:
            return features.linear(weight: weight, bias: head.require("bias"))
        case .cosine:
            let scale: Float = weight.shape[0] <= 200 ? 2 : 10
            return CosineClassifier.logits(features: features, weights: weight, scale: Tensor(scale))
        }
    }

    /// A fresh head: weights (and the linear head's bias) uniform in ±1/√d, as PyTorch's `nn.Linear`.
    static func initialHead(
        ways: Int, featureCount: Int, classifier: Classifier, using generator: inout SeededGenerator
    )
        -> Parameters
    {
        let bound = 1 / Double(featureCount).squareRoot()
        func uniform(_ shape: [Int]) -> Tensor {
            Tensor(
                shape: shape,
                scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextDouble(in: -bound..<bound)) })
        }
        let weight = uniform([ways, featureCount])
        return Parameters(
            classifier == .linear ? [("weight", weight), ("bias", uniform([ways]))] : [("weight", weight)])
    }

    /// One step of PyTorch's SGD as the reference code configures it (MetaNN's `SGD` has no
    /// dampening): g ← g + λθ; v ← g on the first step, else μv + (1 − τ)g; θ ← θ − lr·v.
    static func step(_ head: inout Parameters, gradients: Parameters, velocity: inout Parameters?, rate: Float) {
        withoutGradients {
            let decayed = gradients + head * weightDecay
            let direction = velocity.map { $0 * momentum + decayed * (1 - dampening) } ?? decayed
            velocity = direction
            head = head - direction * rate
        }
    }
}
