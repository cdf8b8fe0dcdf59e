import MetaLearning
import Testing

@Suite struct PretrainingTests {
    /// An MLP body on 2×2 single-channel images (4 inputs), 3 base classes.
    static let body = MLP(inputSize: 4, hiddenSizes: [6], outputs: 0)
    static let images: Tensor = {
        var generator = SeededGenerator(seed: 11)
        return Tensor(shape: [8, 1, 2, 2], scalars: (0..<32).map { _ in generator.nextUnitFloat() * 2 - 1 })
    }()
    static let labels = [0, 1, 2, 0, 1, 2, 0, 1]

    static func trainer(
        classifier: PretrainingClassifier = .linear, optimizer: any Optimizer = SGD(learningRate: 1),
        smoothing: Float = 0, ghost: Int = 4, threads: Int = 2
    ) -> SupervisedPretraining {
        SupervisedPretraining(
            body: body, classes: 3, classifier: classifier, optimizer: optimizer, labelSmoothing: smoothing,
            ghostBatchSize: ghost, batchNorm: .transductive, seed: 5, threads: threads)
    }

    static func initial(_ trainer: SupervisedPretraining) -> LearnerState {
        var generator = SeededGenerator(seed: 5, stream: [0x1A17])
        return trainer.initialState(using: &generator)
    }

    /// With plain SGD at rate 1 a step moves the parameters by minus the gradient, which must be the
    /// mean over the ghost batches of the label-smoothed cross-entropy's gradient through the cosine
    /// classifier: checked against central differences of that mean loss along the gradient.
    @Test(arguments: [PretrainingClassifier.linear, .cosine(scale: 10)])
    func stepFollowsTheGradientOfTheMeanGhostLoss(classifier: PretrainingClassifier) {
        let trainer = Self.trainer(classifier: classifier, smoothing: 0.2)
        let start = Self.initial(trainer)
        var state = start
        _ = trainer.step(&state, images: Self.images, labels: Self.labels, step: 0)
        let gradient = start.meta - state.meta
        func loss(_ parameters: Parameters) -> Float {
            (0..<2).map { part -> Float in
                let range = (part * 4)..<(part * 4 + 4)
                let features = Self.body.features(Self.images.slice(range), parameters)
                let logits: Tensor
                switch classifier {
                case .linear:
                    logits = features.linear(
                        weight: parameters.require("classifier.weight"), bias: parameters.require("classifier.bias"))
                case .cosine(let scale):
                    logits = CosineClassifier.logits(
                        features: features, weights: parameters.require("classifier.weight"), scale: Tensor(Float(scale)))
                }
                return logits.crossEntropy(labels: Array(Self.labels[range]), smoothing: 0.2).scalar
            }.reduce(0, +) / 2
        }
        let norm = gradient.tensors.map { ($0 * $0).sum().scalar }.reduce(0, +).squareRoot()
        let direction = gradient * (1 / norm)
        let epsilon: Float = 1e-2
        let slope = (loss(start.meta + direction * epsilon) - loss(start.meta - direction * epsilon)) / (2 * epsilon)
        #expect(abs(slope - norm) < 2e-2 * norm, "gradient norm \(norm), finite-difference slope \(slope)")
    }

    /// Ghost batches are the unit of parallel work: one or two threads, the same bits, step after step,
    /// with Nesterov momentum carrying state between them; and the loss falls on a batch seen again.
    @Test func stepsAreTheSameOnOneOrTwoThreadsAndLearn() {
        let optimizer = SGD(learningRate: 0.2, momentum: 0.9, nesterov: true)
        let one = Self.trainer(optimizer: optimizer, threads: 1)
        let two = Self.trainer(optimizer: optimizer, threads: 2)
        var (a, b) = (Self.initial(one), Self.initial(two))
        var losses: [Float] = []
        for step in 0..<20 {
            let metrics = one.step(&a, images: Self.images, labels: Self.labels, step: step)
            _ = two.step(&b, images: Self.images, labels: Self.labels, step: step)
            losses.append(metrics.loss)
        }
        #expect(a.meta.isIdentical(to: b.meta))
        #expect(losses.last! < losses.first! / 2, "losses \(losses)")
    }

    @Test func learningRateFollowsTheEpochSchedule() {
        let schedule = LearningRateSchedule.perEpoch(steps: 3, then: .step(every: 2, factor: 0.1))
        let trainer = Self.trainer(optimizer: SGD(learningRate: 1, schedule: schedule))
        // Epochs 0 and 1 (steps 0–5) at 1, epochs 2 and 3 (steps 6–11) at 0.1.
        #expect([0, 5, 6, 11, 12].map { trainer.learningRate(atStep: $0) } == [1, 1, 0.1, 0.1, 0.1 * 0.1].map { $0 })
    }

    @Test func meanFeatureAveragesEveryImageWhateverTheChunks() {
        let trainer = Self.trainer()
        let state = Self.initial(trainer)
        let all = Self.body.features(Self.images, state.meta).mean(alongAxes: [0])
        let chunked = trainer.meanFeature(of: 3, { Self.images.slice(($0 * 3)..<min(8, $0 * 3 + 3)) }, with: state)
        #expect(zip(all.scalars, chunked.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    // MARK: Starting a learner from a backbone

    static let learnerState = LearnerState(
        meta: Parameters([
            ("layer1.weight", Tensor(zeros: [2, 2])), ("head.weight", Tensor(repeating: 7, shape: [5, 2])),
        ]))
    static let backbone = LearnerState(
        meta: Parameters([
            ("layer1.weight", Tensor(repeating: 1, shape: [2, 2])),
            ("classifier.weight", Tensor(zeros: [3, 2])),
        ]))

    @Test func startingFromABackboneTakesItsBodyAndKeepsTheHead() throws {
        let started = try Self.learnerState.startingFrom(Self.backbone)
        #expect(started.meta.require("layer1.weight").scalars == [1, 1, 1, 1])
        #expect(started.meta.require("head.weight").scalars == [Float](repeating: 7, count: 10))
        #expect(started.meta.names == Self.learnerState.meta.names)
    }

    @Test func startingFromABackboneTakesTheBaseMeanWhenTheLearnerKeepsOne() throws {
        var learner = Self.learnerState
        learner.parameters[BaseFeatureMean.role] = Parameters([(BaseFeatureMean.name, Tensor(zeros: [2]))])
        #expect(throws: BackboneError.noBaseMean) { try learner.startingFrom(Self.backbone) }
        var backbone = Self.backbone
        backbone.parameters[BaseFeatureMean.role] = Parameters([(BaseFeatureMean.name, Tensor(repeating: 3, shape: [2]))])
        let started = try learner.startingFrom(backbone)
        #expect(started[BaseFeatureMean.role].require(BaseFeatureMean.name).scalars == [3, 3])
    }

    @Test func backbonesOfAnotherModelAreRefused() {
        let other = LearnerState(meta: Parameters([("layer1.weight", Tensor(zeros: [2, 3]))]))
        #expect(throws: BackboneError.shape("layer1.weight", expected: [2, 2], found: [2, 3])) {
            try Self.learnerState.startingFrom(other)
        }
        let missing = LearnerState(meta: Parameters([("layer2.weight", Tensor(zeros: [2, 2]))]))
        #expect(throws: BackboneError.missing("layer1.weight")) { try Self.learnerState.startingFrom(missing) }
        let empty = LearnerState(meta: Parameters([]))
        #expect(throws: BackboneError.noBody) { try empty.startingFrom(Self.backbone) }
    }
}
