import Foundation
import Testing
import MetaLearning
import MatchingNetworks
import LearnerTestSupport

/// The embedding the tests use: an MLP body with 3 features and no head.
private let embedding = MLP(inputSize: 4, hiddenSizes: [5, 3], outputs: 0)

/// Matching Networks on learnable tasks with that embedding.
private func makeContext(_ values: [String: HyperparameterValue] = [:], ways: Int = 2, trainWays: Int? = nil,
                         optimizer: any Optimizer = Adam(), threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(MatchingNetworks.learners[0], values, ways: ways, trainWays: trainWays, hiddenSizes: [5, 3],
                        optimizer: optimizer, threads: threads)
}

/// Two 2-way 2-shot queries over 2-D embeddings whose cosines are known by hand.
/// Class 0: (2, 0) and (1, 1); class 1: (0, 3) and (−1, 0). Query (1, 0) has cosines
/// 1, 1/√2, 0, −1 to them; query (0, −2) has 0, −1/√2, −1, 0.
private let support = Tensor(shape: [4, 2], scalars: [2, 0, 1, 1, 0, 3, -1, 0])
private let supportLabels = [0, 0, 1, 1]
private let query = Tensor(shape: [2, 2], scalars: [1, 0, 0, -2])
private let cosines: [[Double]] = [[1, 0.5.squareRoot(), 0, -1], [0, -(0.5.squareRoot()), -1, 0]]

@Test func cosineSimilaritiesEqualAHandComputation() {
    let similarities = query.cosineSimilarities(to: support)
    #expect(similarities.shape == [2, 4])
    for (computed, expected) in zip(similarities.scalars, cosines.joined()) { #expect(abs(Double(computed) - expected) <= 1e-6) }
}

@Test(arguments: [1.0, 0.5, 0.05])
func classProbabilitiesAreTheAttentionOverOneHotLabels(temperature: Double) {
    let logits = MatchingNetworks.matchingLogits(supportEmbeddings: support, supportLabels: supportLabels, ways: 2,
                                                 queryEmbeddings: query, temperature: Float(temperature))
    #expect(logits.shape == [2, 2])
    let probabilities = logits.logSoftmax().exp().scalars
    for (row, rowCosines) in cosines.enumerated() {
        // a_i = exp(cos_i / τ) / Σ_j exp(cos_j / τ); P(c) = Σ_i a_i · onehot(y_i)_c.
        let weights = rowCosines.map { Foundation.exp($0 / temperature) }
        let attention = weights.map { $0 / weights.reduce(0, +) }
        let expected = [attention[0] + attention[1], attention[2] + attention[3]]
        for label in 0..<2 {
            #expect(abs(Double(probabilities[row * 2 + label]) - expected[label]) <= 1e-5,
                    "query \(row), class \(label), τ = \(temperature)")
            let logSumExp = Foundation.log(weights[2 * label] + weights[2 * label + 1])
            #expect(abs(Double(logits.scalars[row * 2 + label]) - logSumExp) <= 1e-5 * max(1, abs(logSumExp)))
        }
    }
}

@Test func uniformAttentionAtAHighTemperatureGivesTheShotShares() {
    // As τ grows every support image gets the same attention, so P(c) is c's share of the support set.
    let logits = MatchingNetworks.matchingLogits(supportEmbeddings: support, supportLabels: [0, 1, 1, 1], ways: 2,
                                                 queryEmbeddings: query, temperature: 1e6)
    for (computed, expected) in zip(logits.logSoftmax().exp().scalars, [0.25, 0.75, 0.25, 0.75]) {
        #expect(abs(Double(computed) - expected) <= 1e-5)
    }
}

@Test func lossDerivativesMatchFiniteDifferencesToSecondOrder() {
    var generator = SeededGenerator(seed: 11)
    func random(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextNormal()) })
    }
    let errors = lossDerivativeErrors(at: [random([4, 3]), random([3, 3])]) { xs in
        MatchingNetworks.matchingLogits(supportEmbeddings: xs[0], supportLabels: supportLabels, ways: 2,
                                        queryEmbeddings: xs[1], temperature: 0.2).crossEntropy(labels: [0, 1, 1])
    }
    #expect(errors.firstOrder < 2e-3 && errors.secondOrder < 2e-3, "\(errors)")
}

@Test func evaluateIsTheCrossEntropyOfMatchingLogits() {
    let learner = MatchingNetworks.learner(makeContext(["temperature": .real(0.5)])), state = learner.initialState()
    let task = makeLearnableTask(seed: 1)
    let meta = state.meta
    #expect(!meta.names.contains { $0.hasPrefix("head.") } && state.parameters.keys.sorted() == ["meta"])
    let logits = withoutGradients {
        MatchingNetworks.matchingLogits(supportEmbeddings: embedding.features(task.support, meta), supportLabels: task.supportLabels,
                                        ways: 2, queryEmbeddings: embedding.features(task.query, meta), temperature: 0.5)
    }
    let metrics = learner.evaluate(task, with: state)
    // The learner embeds support and query in one batch; an MLP treats rows independently.
    #expect(abs(metrics.loss - logits.crossEntropy(labels: task.queryLabels).scalar) <= 1e-6)
    #expect(metrics.accuracy == logits.accuracy(labels: task.queryLabels))
}

@Test func trainingOnMoreWaysThanTestingWorks() {
    let learner = MatchingNetworks.learner(makeContext(ways: 2, trainWays: 4, optimizer: Adam(learningRate: 0.01)))
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
    let descriptor = MatchingNetworks.learners[0]
    #expect(descriptor.name == "matching" && descriptor.acceptsTrainWays)
    #expect(descriptor.resolve()[MatchingNetworks.temperature] == 1)
    #expect(!descriptor.hyperparameters[0].domain.contains(.real(0)))
    #expect(descriptor.taskMemory(descriptor.resolve()) == .onePass)
}

private let contract = LearnerContract(MatchingNetworks.learners[0]) { makeContext(threads: $0) }

@Test func evaluateLeavesTheLearnerUnchanged() { contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 5)) }
@Test func predictionIsWhatEvaluationScores() { contract.checkPrediction(on: makeLearnableTask(seed: 8)) }
@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
@Test func trainsAndEvaluatesWithResNet12() { contract.checkTrainsWithResNet12() }
@Test func batchNormModes() throws { try contract.checkBatchNormModes() }

/// Unequal shots: the support set's order does not matter, and duplicating an image of class 2 adds
/// its term to class 2's logit, log(e^{ℓ₂} + e^{s}), s its scaled cosine to the query, and leaves the
/// other classes' logits (sums over their own images) as they were.
@Test func unbalancedSupportSetsAttendImageByImage() {
    let episode = UnbalancedEmbeddings(offset: 0.5, seed: 61)
    func logits(_ support: Tensor, _ labels: [Int]) -> Tensor {
        MatchingNetworks.matchingLogits(supportEmbeddings: support, supportLabels: labels, ways: 3,
                                        queryEmbeddings: episode.query, temperature: 0.5)
    }
    let original = logits(episode.support, episode.labels)
    #expect(relativeDistance(logits(episode.reorderedSupport, episode.reorderedLabels), original) <= 1e-6)
    let duplicated = logits(Tensor.concatenate([episode.support, episode.support.gatheringRows([1])]), episode.labels + [2])
    let scores = episode.query.cosineSimilarities(to: episode.support.gatheringRows([1])).scalars.map { Double($0) / 0.5 }
    for query in 0..<4 {
        for label in 0..<3 {
            let before = Double(original.scalars[query * 3 + label])
            let expected = label == 2 ? Foundation.log(Foundation.exp(before) + Foundation.exp(scores[query])) : before
            #expect(abs(Double(duplicated.scalars[query * 3 + label]) - expected) <= 1e-5 * max(1, abs(expected)))
        }
    }
}
