import MetaLearning

/// Prototypical Networks (Snell, Swersky and Zemel, NeurIPS 2017).
///
/// The model's body (built without a head) embeds images; each class's prototype is the mean
/// embedding of its support images; a query's logits are its negative squared Euclidean
/// distances to the prototypes, so the softmax over them is the paper's p(y = k | x). Training
/// minimises the query cross-entropy of each episode with the spec's meta-optimizer, the
/// gradient averaged over the tasks of a meta-batch. There is no inner loop and no head, so
/// training episodes may have more classes than test episodes (`episodes.trainWays`).
///
/// Support and query images of an episode are embedded in one batch, as in the reference code;
/// with a batch-normalised body (Conv-4) the statistics are those of that batch, at training
/// and at evaluation alike.
public final class ProtoNet: Learner, @unchecked Sendable {
    /// The hyperparameters. The meta-optimizer itself is the spec's `training.optimizer`
    /// (Snell et al. 2017, §3.1: Adam, learning rate 1e-3).
    public static let hyperparameters: [Hyperparameter] = [
        Hyperparameter("lrHalvingInterval",
                       "halve the meta-optimizer's learning rate every this many iterations; 0 keeps it constant (Snell et al. 2017, §3.1: every 2000 episodes)",
                       .integer(0...100_000_000), default: .integer(2000)),
    ]

    /// The registry entry `protonet`.
    public static let learners: [LearnerDescriptor] = [
        LearnerDescriptor(name: "protonet",
                          summary: "Prototypical Networks, softmax over negative squared distances to class-mean embeddings (Snell et al. 2017)",
                          hyperparameters: hyperparameters, acceptsTrainWays: true) { ProtoNet($0) },
    ]

    let model: any Model
    let optimizerSettings: OptimizerSettings
    let halvingInterval: Int
    let threads: Int
    private(set) var metaParameters: Parameters
    private var optimizerState = OptimizerState()

    /// A learner for the context's model built without a head (`makeModel(0)`).
    public init(_ context: LearnerContext) {
        model = context.makeModel(0)
        optimizerSettings = context.metaOptimizer
        halvingInterval = context.hyperparameters.integer("lrHalvingInterval")
        threads = context.threads
        var generator = context.initializationGenerator()
        metaParameters = model.initialParameters(using: &generator)
    }

    /// Logits [queries, ways]: minus the squared Euclidean distance from each query embedding
    /// [queries, d] to each class prototype, the mean of the support embeddings [support, d]
    /// with that label. Every class in `0..<ways` needs at least one support embedding.
    /// Differentiable with respect to both embeddings.
    public static func prototypeLogits(supportEmbeddings: Tensor, supportLabels: [Int], ways: Int,
                                       queryEmbeddings: Tensor) -> Tensor {
        let count = supportLabels.count
        precondition(supportEmbeddings.rank == 2 && supportEmbeddings.shape[0] == count,
                     "prototypeLogits: \(count) labels for support embeddings of shape \(supportEmbeddings.shape)")
        var perClass = [Int](repeating: 0, count: ways)
        for label in supportLabels {
            precondition((0..<ways).contains(label), "prototypeLogits: label \(label) outside 0..<\(ways)")
            perClass[label] += 1
        }
        precondition(perClass.allSatisfy { $0 > 0 }, "prototypeLogits: every class needs a support example, counts \(perClass)")
        let averaging = Tensor.build(shape: [ways, count]) { buffer in
            buffer.initialize(repeating: 0)
            for (index, label) in supportLabels.enumerated() { buffer[label * count + index] = 1 / Float(perClass[label]) }
        }
        let prototypes = Tensor.matmul(averaging, supportEmbeddings)
        return -queryEmbeddings.squaredDistances(to: prototypes)
    }

    /// The meta-optimizer's learning rate at `iteration`: `base` · 0.5^⌊iteration / interval⌋
    /// (constant when `interval` is 0).
    public static func learningRate(base: Double, iteration: Int, halvingInterval interval: Int) -> Double {
        guard interval > 0 else { return base }
        let halvings = max(iteration, 0) / interval
        return halvings >= 1074 ? 0 : base * Double(sign: .plus, exponent: -halvings, significand: 1)
    }

    /// The episode's query logits with embeddings from `parameters`.
    private func logits(_ task: FewShotTask, _ parameters: Parameters) -> Tensor {
        let supportCount = task.supportLabels.count, queryCount = task.queryLabels.count
        let embeddings = model.features(Tensor.concatenate([task.support, task.query]), parameters)
        return Self.prototypeLogits(supportEmbeddings: embeddings.slice(0..<supportCount), supportLabels: task.supportLabels,
                                    ways: task.ways, queryEmbeddings: embeddings.slice(supportCount..<(supportCount + queryCount)))
    }

    public func metaTrain(on batch: [FewShotTask], iteration: Int) -> TaskMetrics {
        let meta = metaParameters
        let (gradients, metrics) = MetaBatch.meanGradient(batch, threads: threads) { task in
            let theta = meta.variables()
            let logits = self.logits(task, theta)
            let loss = logits.crossEntropy(labels: task.queryLabels)
            return (theta.gradients(of: loss), TaskMetrics(loss: loss.scalar, accuracy: logits.accuracy(labels: task.queryLabels)))
        }
        var settings = optimizerSettings
        settings.learningRate = Self.learningRate(base: settings.learningRate, iteration: iteration, halvingInterval: halvingInterval)
        var optimizer = settings.makeOptimizer()
        optimizer.state = optimizerState
        optimizer.step(&metaParameters, gradients: gradients)
        optimizerState = optimizer.state
        return metrics
    }

    public func evaluate(_ task: FewShotTask) -> TaskMetrics {
        let meta = metaParameters
        return withoutGradients {
            let logits = logits(task, meta)
            return TaskMetrics(logits: logits, labels: task.queryLabels)
        }
    }

    /// The embedding's parameters under "meta" and the meta-optimizer's state.
    public var state: LearnerState {
        LearnerState(meta: metaParameters, optimizer: optimizerState)
    }

    public func restore(_ state: LearnerState) throws {
        (metaParameters, optimizerState) = try state.meta(matching: metaParameters)
    }
}
