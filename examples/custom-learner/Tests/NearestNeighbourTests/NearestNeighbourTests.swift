import Foundation
import Testing
import MetaLearning
import NearestNeighbour
import LearnerTestSupport

/// The embedding the tests use: an MLP body with 3 features and no head.
private let embedding = MLP(inputSize: 4, hiddenSizes: [5, 3], outputs: 0)

/// The nearest-neighbour learner on learnable tasks with that embedding.
private func makeContext(_ values: [String: HyperparameterValue] = [:], ways: Int = 2, trainWays: Int? = nil,
                         optimizer: any Optimizer = Adam(), threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(NearestNeighbour.learners[0], values, ways: ways, trainWays: trainWays, hiddenSizes: [5, 3],
                        optimizer: optimizer, threads: threads)
}

/// Two 2-way 2-shot queries over 2-D embeddings whose cosines are known by hand.
/// Class 0: (2, 0) and (1, 1); class 1: (0, 3) and (−1, 0). Query (1, 0) has cosines
/// 1, 1/√2, 0, −1 to them; query (0, −2) has 0, −1/√2, −1, 0.
private let support = Tensor(shape: [4, 2], scalars: [2, 0, 1, 1, 0, 3, -1, 0])
private let supportLabels = [0, 0, 1, 1]
private let query = Tensor(shape: [2, 2], scalars: [1, 0, 0, -2])

@Test(arguments: [1.0, 0.5])
func logitsAreEachClasssLargestCosineOverTheTemperature(temperature: Double) {
    let logits = NearestNeighbour.nearestNeighbourLogits(supportEmbeddings: support, supportLabels: supportLabels, ways: 2,
                                                         queryEmbeddings: query, temperature: Float(temperature))
    #expect(logits.shape == [2, 2])
    // Query (1, 0): max(1, 1/√2) = 1 and max(0, −1) = 0. Query (0, −2): max(0, −1/√2) = 0 and max(−1, 0) = 0.
    for (computed, expected) in zip(logits.scalars, [1.0, 0, 0, 0]) {
        #expect(abs(Double(computed) - expected / temperature) <= 1e-6, "τ = \(temperature)")
    }
}

@Test func onlyTheNearestSupportImageOfAClassGetsAGradient() {
    let variables = support.variable()
    let logits = NearestNeighbour.nearestNeighbourLogits(supportEmbeddings: variables, supportLabels: supportLabels, ways: 2,
                                                         queryEmbeddings: query.slice(0..<1), temperature: 1)
    let gradient = gradients(of: logits.sum(), wrt: [variables])[0].scalars
    // For query (1, 0) the nearest images are (2, 0) of class 0 (at cosine 1, a maximum, so its gradient
    // vanishes too) and (0, 3) of class 1; the others, (1, 1) and (−1, 0), get nothing.
    #expect(gradient[2] == 0 && gradient[3] == 0 && gradient[6] == 0 && gradient[7] == 0)
    #expect(gradient[4] != 0)
}

@Test func lossDerivativesMatchFiniteDifferencesToSecondOrder() {
    var generator = SeededGenerator(seed: 11)
    func random(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextNormal()) })
    }
    let errors = lossDerivativeErrors(at: [random([4, 3]), random([3, 3])], step: 1e-3) { xs in
        NearestNeighbour.nearestNeighbourLogits(supportEmbeddings: xs[0], supportLabels: supportLabels, ways: 2,
                                                queryEmbeddings: xs[1], temperature: 0.2).crossEntropy(labels: [0, 1, 1])
    }
    #expect(errors.firstOrder < 2e-3 && errors.secondOrder < 2e-3, "\(errors)")
}

@Test func evaluateIsTheCrossEntropyOfNearestNeighbourLogits() {
    let learner = NearestNeighbour.learner(makeContext(["temperature": .real(0.5)])), state = learner.initialState()
    let task = makeLearnableTask(seed: 1)
    let meta = state.meta
    let logits = withoutGradients {
        NearestNeighbour.nearestNeighbourLogits(supportEmbeddings: embedding.features(task.support, meta),
                                                supportLabels: task.supportLabels, ways: 2,
                                                queryEmbeddings: embedding.features(task.query, meta), temperature: 0.5)
    }
    let metrics = learner.evaluate(task, with: state)
    // The learner embeds support and query in one batch; an MLP treats rows independently.
    #expect(abs(metrics.loss - logits.crossEntropy(labels: task.queryLabels).scalar) <= 1e-6)
    #expect(metrics.accuracy == logits.accuracy(labels: task.queryLabels))
}

@Test func trainingOnMoreWaysThanTestingWorks() {
    let learner = NearestNeighbour.learner(makeContext(ways: 2, trainWays: 4, optimizer: Adam(learningRate: 0.01)))
    var state = learner.initialState()
    let trainTask = makeLearnableTask(ways: 4, seed: 2)
    let first = learner.metaTrain(&state, on: [trainTask], iteration: 0)
    var last = first
    for iteration in 1..<30 { last = learner.metaTrain(&state, on: [trainTask], iteration: iteration) }
    #expect(last.loss < first.loss)
    let metrics = learner.evaluate(makeLearnableTask(ways: 2, seed: 3), with: state)
    #expect(metrics.loss.isFinite && (0...1).contains(metrics.accuracy))
}

@Test func registryEntryDeclaresTheTemperature() {
    let descriptor = NearestNeighbour.learners[0]
    #expect(descriptor.name == "nearest-neighbour" && descriptor.acceptsTrainWays)
    #expect(descriptor.resolve()[NearestNeighbour.temperature] == 0.1)
    #expect(!descriptor.hyperparameters[0].domain.contains(.real(0)))
}

private let contract = LearnerContract(NearestNeighbour.learners[0]) { makeContext(threads: $0) }

@Test func evaluateLeavesTheLearnerUnchanged() { contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 5)) }
@Test func predictionIsWhatEvaluationScores() { contract.checkPrediction(on: makeLearnableTask(seed: 8)) }
@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
