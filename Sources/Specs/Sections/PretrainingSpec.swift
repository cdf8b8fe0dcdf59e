import MetaLearning

/// The `pretraining` section: supervised pre-training of the model's body on all images of the
/// training classes before meta-training (Chen et al. 2019; Tian et al. 2020; Chen et al. 2021).
public struct PretrainingSpec: Sendable, Equatable {
    /// `pretraining.epochs`: passes over the training images.
    public var epochs: Int
    /// `pretraining.batchSize`: images per optimizer step.
    public var batchSize: Int
    /// `pretraining.ghostBatchSize`: images per forward pass and per batch-norm statistic; divides `batchSize`.
    public var ghostBatchSize: Int
    /// `pretraining.optimizer`: the optimizer and its settings (`OptimizerCatalog`).
    public var optimizer: ChoiceSpec
    /// `pretraining.schedule`: the learning rate's schedule, counted in epochs (`ScheduleCatalog`).
    public var schedule: ChoiceSpec
    /// `pretraining.warmupEpochs`: epochs of linear warm-up, step by step; 0: none.
    public var warmupEpochs: Int
    /// `pretraining.weightDecay`: the optimizer's weight decay; 0: none.
    public var weightDecay: Double
    /// `pretraining.labelSmoothing`: ε of label smoothing, in [0, 1).
    public var labelSmoothing: Double
    /// `pretraining.classifier`: `linear` or `cosine` (Baseline++).
    public var classifier: String
    /// `pretraining.cosineScale`: the cosine classifier's scale.
    public var cosineScale: Double
    /// `pretraining.validateEvery`: epochs between few-shot validations (and after the last); 0: never.
    public var validateEvery: Int
    /// `pretraining.validationEpisodes`: episodes in the fixed validation set.
    public var validationEpisodes: Int

    /// The classifier the keys describe.
    public var classifierKind: PretrainingClassifier {
        classifier == "cosine" ? .cosine(scale: cosineScale) : .linear
    }

    /// The optimizer the section describes, fresh, for `batchesPerEpoch` steps per epoch: the
    /// schedule counted in epochs, under the warm-up when there is one, with the weight decay.
    public func optimizer(batchesPerEpoch: Int) -> any Optimizer {
        let perEpoch = ScheduleCatalog.descriptor(named: schedule.name)!.make(schedule.parameters, epochs)
        let base = LearningRateSchedule.perEpoch(steps: batchesPerEpoch, then: perEpoch)
        let scheduled: LearningRateSchedule =
            warmupEpochs > 0 ? .warmup(iterations: warmupEpochs * batchesPerEpoch, then: base) : base
        return OptimizerCatalog.descriptor(named: optimizer.name)!.make(optimizer.parameters, scheduled, weightDecay)
    }
}

extension PretrainingSpec: SpecSection {
    init() {
        self.init(
            epochs: 0, batchSize: 0, ghostBatchSize: 0, optimizer: ChoiceSpec(), schedule: ChoiceSpec(),
            warmupEpochs: 0, weightDecay: 0, labelSmoothing: 0, classifier: "", cosineScale: 0, validateEvery: 0,
            validationEpisodes: 0)
    }

    /// The most epochs of a phase.
    static let mostEpochs = 100_000
    /// The largest batch.
    static let largestBatch = 100_000

    static var fields: [SpecField<Self>] {
        [
            .value(
                "epochs", \.epochs, .integer(1...mostEpochs), default: .value(100), "passes over the training images"),
            .value(
                "batchSize", \.batchSize, .integer(1...largestBatch), default: .value(64),
                "images per optimizer step; the images left over at an epoch's end wait for the next order"),
            .value(
                "ghostBatchSize", \.ghostBatchSize, .integer(1...largestBatch),
                default: .derived("`min(batchSize, 32)`") { min($0.batchSize, 32) },
                "images per forward pass and per batch-norm statistic (ghost batch norm, Hoffer et al. 2017), "
                    + "the unit of parallel work; divides batchSize"),
            .choice(
                "optimizer", \.optimizer, kind: "optimizer", among: { _ in OptimizerCatalog.all as [any SpecChoice] },
                defaultName: "sgd", "the optimizer (Tian et al. 2020: SGD, lr 0.05, momentum 0.9)"),
            .choice(
                "schedule", \.schedule, kind: "schedule", among: { _ in ScheduleCatalog.all as [any SpecChoice] },
                defaultName: "cosine",
                "the learning rate over the epochs: a `step` schedule's `every` and a cosine's length count epochs"),
            .value(
                "warmupEpochs", \.warmupEpochs, .integer(0...mostEpochs), default: .value(0), writtenAtDefault: false,
                "linear warm-up over this many epochs, step by step (Goyal et al. 2017); 0: none"),
            .value(
                "weightDecay", \.weightDecay, .real(RealRange(0, .infinity, upperIsOpen: true)),
                default: .value(5e-4),
                "weight decay: decoupled for `adam`, added to the gradient for `sgd` (Tian et al. 2020: 5e-4)"),
            .value(
                "labelSmoothing", \.labelSmoothing, .real(RealRange(0, 1, upperIsOpen: true)), default: .value(0),
                writtenAtDefault: false, "label smoothing ε of the cross-entropy (Szegedy et al. 2016); 0: none"),
            .value(
                "classifier", \.classifier, .choice(["linear", "cosine"]), default: .value("linear"),
                "the classifier over the base classes: `linear` (Baseline) or `cosine` (Baseline++, Chen et al. 2019)"),
            .value(
                "cosineScale", \.cosineScale, .real(.positive), default: .value(10), writtenAtDefault: false,
                "the cosine classifier's scale (Chen et al. 2019's code: 10 for many classes)"),
            .value(
                "validateEvery", \.validateEvery, .integer(0...mostEpochs),
                default: .derived("`epochs / 10`") { max(1, $0.epochs / 10) },
                "validate few-shot with the spec's learner this many epochs apart (and after the last); the best "
                    + "epoch's body starts meta-training; 0: never (the last epoch's)"),
            .value(
                "validationEpisodes", \.validationEpisodes, .integer(1...EvaluationSpec.mostEpisodes),
                default: .value(100), "size of the fixed validation set"),
        ]
    }

    func checkAcrossKeys(_ reader: ObjectReader) {
        if batchSize % ghostBatchSize != 0, reader.diagnostics.isClean(reader.path(of: "ghostBatchSize")) {
            reader.diagnostics.report(
                reader.path(of: "ghostBatchSize"),
                "\(ghostBatchSize) does not divide batchSize (\(batchSize)); use a divisor such as "
                    + "\(Self.largestDivisor(of: batchSize, atMost: ghostBatchSize))")
        }
        if validateEvery > epochs, reader.diagnostics.isClean(reader.path(of: "validateEvery")) {
            reader.diagnostics.report(
                reader.path(of: "validateEvery"),
                "\(validateEvery) is more than epochs (\(epochs)), so it would never happen; use at most \(epochs), "
                    + "or 0 not to validate")
        }
    }

    /// The largest divisor of `number` that is at most `bound`.
    static func largestDivisor(of number: Int, atMost bound: Int) -> Int {
        (1...max(1, min(bound, number))).last { number % $0 == 0 } ?? 1
    }
}
