/// Supervised pre-training of a learner's body: all images of all base classes as one
/// classification problem over mini-batches, the recipe of Chen et al. 2019 (Baseline,
/// Baseline++), Tian et al. 2020 (RFS) and Chen et al. 2021 (Meta-Baseline's first stage).
///
/// A batch is split into ghost batches of `ghostBatchSize` images (Hoffer et al. 2017): each is
/// one forward and backward pass with its own batch-norm statistics, as on one device of
/// data-parallel training, and their gradients are averaged in order. The ghost batches are the
/// unit of parallel work across threads and ranks, so a step's numbers do not depend on either.
///
/// The state is a `LearnerState`: the body's and the classifier's parameters under `meta`, the
/// optimizer's state, and in inference batch-norm mode the running statistics; a checkpoint holds
/// it as it is. `LearnerState.startingFrom(_:)` hands its body to a learner.
public struct SupervisedPretraining: Sendable {
    /// The body being trained (a model built without a head).
    public let body: any Model
    /// Base classes: the classifier's outputs.
    public let classes: Int
    /// The classifier on the body's features.
    public let classifier: PretrainingClassifier
    /// The optimizer, with its schedule over all steps of the phase.
    public let optimizer: any Optimizer
    /// Label smoothing ε in [0, 1) of the cross-entropy.
    public let labelSmoothing: Float
    /// Images per forward pass and per batch-norm statistic.
    public let ghostBatchSize: Int
    /// What batch norm keeps (running statistics in inference mode).
    public let batchNorm: BatchNormBookkeeping
    /// The run's seed.
    public let seed: UInt64
    /// Ghost batches run at once.
    public let threads: Int

    /// Pre-training of `body` with every setting given.
    public init(
        body: any Model, classes: Int, classifier: PretrainingClassifier, optimizer: any Optimizer,
        labelSmoothing: Float, ghostBatchSize: Int, batchNorm: BatchNormMode, seed: UInt64, threads: Int
    ) {
        precondition(classes >= 2 && ghostBatchSize >= 1, "pre-training needs 2 classes and a ghost batch")
        self.body = body
        self.classes = classes
        self.classifier = classifier
        self.optimizer = optimizer
        self.labelSmoothing = labelSmoothing
        self.ghostBatchSize = ghostBatchSize
        self.batchNorm = BatchNormBookkeeping(mode: batchNorm)
        self.seed = seed
        self.threads = max(1, threads)
    }

    /// The body's initial parameters, drawn as a learner of the same run draws them
    /// (`LearnerContext.initializationGenerator`), then the classifier's (Xavier-uniform weight,
    /// zero bias); a fresh optimizer state; empty running statistics in inference mode.
    public func initialState(using generator: inout SeededGenerator) -> LearnerState {
        var parameters = body.initialParameters(using: &generator)
        let shapes = classifier.parameterShapes(classes: classes, features: body.featureCount)
        parameters = parameters.merging(
            Parameters(
                shapes.map { shape in
                    shape.name == "classifier.weight"
                        ? (
                            shape.name,
                            Initializer.xavierUniform(
                                shape.shape, fanIn: shape.shape[1], fanOut: shape.shape[0], using: &generator)
                        )
                        : (shape.name, Tensor(zeros: shape.shape))
                }))
        var state = LearnerState(meta: parameters)
        batchNorm.initialize(&state)
        return state
    }

    /// One optimizer step on a batch: `images` [batch, channels, height, width] with their labels in
    /// `0..<classes`, `step` the phase's 0-based step count (the training noise's seed). The batch
    /// size must be a multiple of `ghostBatchSize`. Returns the batch's mean loss and accuracy.
    public func step(_ state: inout LearnerState, images: Tensor, labels: [Int], step: Int) -> TaskMetrics {
        let size = images.shape[0]
        precondition(
            size == labels.count && size % ghostBatchSize == 0,
            "a batch of \(size) images needs \(size) labels and a multiple of \(ghostBatchSize) images")
        let meta = state.meta
        let parts = size / ghostBatchSize
        let recorders = batchNorm.recorders(tasks: parts)
        let (body, classifier, ghost, smoothing) = (body, classifier, ghostBatchSize, labelSmoothing)
        let (gradients, metrics) = MetaBatch.meanGradient(
            parts: parts, threads: threads, seed: noiseSeed, iteration: step
        ) { part in
            let range = (part * ghost)..<((part + 1) * ghost)
            let partLabels = Array(labels[range])
            let theta = meta.variables()
            let normalization = BatchNormBookkeeping.training(recorders, task: part)
            let features = body.features(images.slice(range), theta, normalization: normalization)
            let logits = classifier.logits(features, theta)
            let loss = logits.crossEntropy(labels: partLabels, smoothing: smoothing)
            return (
                theta.gradients(of: loss), TaskMetrics(loss: loss.scalar, accuracy: logits.accuracy(labels: partLabels))
            )
        }
        state.update(gradients: gradients, with: optimizer)
        batchNorm.fold(recorders, into: &state)
        return metrics
    }

    /// The learning rate of the optimizer's schedule at 0-based step `step`.
    public func learningRate(atStep step: Int) -> Double {
        optimizer.schedule.rate(base: optimizer.learningRate, step: step)
    }

    /// The mean body feature [featureCount] over images given in `chunks` chunks (`chunk(i)`:
    /// [images, channels, height, width], batch-norm statistics as evaluation takes them from
    /// `state`): the base-class mean SimpleShot subtracts (`BaseFeatureMean`). Chunks are embedded
    /// in parallel and summed in order, so the mean does not depend on the thread count.
    public func meanFeature(of chunks: Int, _ chunk: @Sendable (Int) -> Tensor, with state: LearnerState) -> Tensor {
        let meta = state.meta
        let normalization = batchNorm.evaluation(state)
        let body = body
        let sums = TaskParallel.map(chunks, threads: threads) { index in
            withoutGradients {
                let features = body.features(chunk(index), meta, normalization: normalization)
                return (features.sum(alongAxes: [0]), features.shape[0])
            }
        }
        let total = sums.reduce(0) { $0 + $1.1 }
        return withoutGradients { sums.dropFirst().reduce(sums[0].0) { $0 + $1.0 } * (1 / Float(total)) }
    }

    /// The training noise's seed, apart from meta-training's.
    private var noiseSeed: UInt64 {
        var generator = SeededGenerator(seed: seed, stream: [0x7072_6574])
        return generator.next()
    }
}
