import Foundation
import Testing
import MetaLearning
import RelationNetworks
import LearnerTestSupport

/// Relation Networks on learnable tasks with an MLP body of 3 features.
private func makeContext(_ values: [String: HyperparameterValue] = [:], ways: Int = 2, trainWays: Int? = nil,
                         optimizer: any Optimizer = Adam(), threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(RelationNetworks.learners[0], values, ways: ways, trainWays: trainWays, hiddenSizes: [5, 3],
                        optimizer: optimizer, threads: threads)
}

/// A relation module over 2-D embeddings with one unit per hidden layer and known weights, the second
/// and third layers passing their non-negative input on: g([c, q]) = 0.5·relu(1·c₁ + 2·c₂ + 3·q₁ + 4·q₂ − 1) + 0.25.
private let module = RelationNetworks.relationModule(featureCount: 2, channels: 1, width: 1)
private let moduleParameters = Parameters([
    ("layer1.weight", Tensor(shape: [1, 4], scalars: [1, 2, 3, 4])), ("layer1.bias", Tensor(shape: [1], scalars: [-1])),
    ("layer2.weight", Tensor(shape: [1, 1], scalars: [1])), ("layer2.bias", Tensor(shape: [1], scalars: [0])),
    ("layer3.weight", Tensor(shape: [1, 1], scalars: [1])), ("layer3.bias", Tensor(shape: [1], scalars: [0])),
    ("head.weight", Tensor(shape: [1, 1], scalars: [0.5])), ("head.bias", Tensor(shape: [1], scalars: [0.25])),
])

@Test func relationLogitsEqualAHandComputation() {
    // Two shots each, so the class features are the paper's sums: class 0, (1, 0) + (0, 1) = (1, 1);
    // class 1, (2, 2) + (0, 0) = (2, 2). Query (1, 0):
    // g = 0.5·relu(1 + 2 + 3 − 1) + 0.25 = 2.75 and 0.5·relu(2 + 4 + 3 − 1) + 0.25 = 4.25.
    // Query (0, −1): 0.5·relu(1 + 2 − 4 − 1) + 0.25 = 0.25 and 0.5·relu(2 + 4 − 4 − 1) + 0.25 = 0.75.
    let query = Tensor(shape: [2, 2], scalars: [1, 0, 0, -1])
    let logits = RelationNetworks.relationLogits(
        supportEmbeddings: Tensor(shape: [4, 2], scalars: [1, 0, 0, 1, 2, 2, 0, 0]), supportLabels: [0, 0, 1, 1], ways: 2,
        queryEmbeddings: query, module: module, moduleParameters)
    #expect(logits.shape == [2, 2])
    #expect(logits.scalars == [2.75, 4.25, 0.25, 0.75])
    // Unequal shots, (1, 0) and (0, 1) for class 0 and (2, 2) alone for class 1: the class means (0.5, 0.5)
    // and (2, 2) times the mean shot count 3/2, (0.75, 0.75) and (3, 3), so class 1 is not scored at
    // half the scale of class 0. Query (1, 0): 0.5·relu(0.75 + 1.5 + 3 − 1) + 0.25 = 2.375 and
    // 0.5·relu(3 + 6 + 3 − 1) + 0.25 = 5.75; query (0, −1): 0.25 and 0.5·relu(3 + 6 − 4 − 1) + 0.25 = 2.25.
    let unequal = RelationNetworks.relationLogits(
        supportEmbeddings: Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 2, 2]), supportLabels: [0, 0, 1], ways: 2,
        queryEmbeddings: query, module: module, moduleParameters)
    #expect(unequal.scalars == [2.375, 5.75, 0.25, 2.25])
    // The support set's order does not matter.
    let episode = UnbalancedEmbeddings(dimensions: 2, seed: 63)
    func relations(_ support: Tensor, _ labels: [Int]) -> Tensor {
        RelationNetworks.relationLogits(supportEmbeddings: support, supportLabels: labels, ways: 3,
                                        queryEmbeddings: episode.query, module: module, moduleParameters)
    }
    #expect(relativeDistance(relations(episode.reorderedSupport, episode.reorderedLabels),
                             relations(episode.support, episode.labels)) <= 1e-6)
    // The loss: the mean over the four pairs of (sigmoid(g) − 1[label = class])², labels 0 and 1.
    let scores = logits.scalars.map { 1 / (1 + Foundation.exp(-Double($0))) }
    let targets: [Double] = [1, 0, 0, 1]
    let expected = zip(scores, targets).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 4
    #expect(abs(Double(RelationNetworks.relationLoss(logits, [0, 1]).scalar) - expected) <= 1e-6)
}

@Test func lossDerivativesMatchFiniteDifferencesToSecondOrder() {
    var generator = SeededGenerator(seed: 13)
    func random(_ shape: [Int], scale: Float = 1) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextNormal()) * scale })
    }
    // Hidden pre-activations kept away from ReLU's kink by a positive bias.
    let relation = RelationNetworks.relationModule(featureCount: 3, channels: 4, width: 3)
    let inputs = [random([4, 3]), random([3, 3]), random([4, 6], scale: 0.3), Tensor(repeating: 3, shape: [4]),
                  random([4, 4], scale: 0.3), Tensor(repeating: 3, shape: [4]), random([3, 4], scale: 0.3),
                  Tensor(repeating: 3, shape: [3]), random([1, 3]), random([1])]
    let errors = lossDerivativeErrors(at: inputs) { xs in
        let parameters = Parameters(zip(relation.parameterShapes.map(\.name), xs[2...]).map { ($0, $1) })
        let logits = RelationNetworks.relationLogits(supportEmbeddings: xs[0], supportLabels: [0, 1, 1, 0], ways: 2,
                                                     queryEmbeddings: xs[1], module: relation, parameters)
        return RelationNetworks.relationLoss(logits, [1, 0, 1])
    }
    #expect(errors.firstOrder < 2e-3 && errors.secondOrder < 2e-3, "\(errors)")
}

@Test func theStateHoldsTheRelationModuleAndTrainingLowersTheLoss() {
    let learner = RelationNetworks.learner(
        makeContext(["relationChannels": .integer(5), "relationWidth": .integer(6)], optimizer: Adam(learningRate: 0.01)))
    var state = learner.initialState()
    let relation = state[MetricLearner.ruleRole]
    #expect(relation.names == ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight", "layer3.bias",
                               "head.weight", "head.bias"])
    #expect(relation.require("layer1.weight").shape == [5, 6] && relation.require("layer3.weight").shape == [6, 5])
    let tasks = (0..<3).map { makeLearnableTask(seed: 70 + UInt64($0)) }
    let first = learner.metaTrain(&state, on: tasks, iteration: 0)
    var last = first
    for iteration in 1..<30 { last = learner.metaTrain(&state, on: tasks, iteration: iteration) }
    #expect(last.loss < first.loss)
    #expect(!state[MetricLearner.ruleRole].isIdentical(to: relation))
}

@Test func metaTrainingReportsTheRelationLoss() {
    let learner = RelationNetworks.learner(makeContext()), state = learner.initialState()
    var trained = state
    let task = makeLearnableTask(seed: 9)
    let metrics = learner.metaTrain(&trained, on: [task], iteration: 0)
    let logits = learner.predict(task, with: state)
    #expect(abs(metrics.loss - RelationNetworks.relationLoss(logits, task.queryLabels).scalar) <= 1e-6)
}

@Test func registryEntryDeclaresTheRelationWidth() {
    let descriptor = RelationNetworks.learners[0]
    #expect(descriptor.name == "relationnet" && descriptor.acceptsTrainWays)
    #expect(descriptor.resolve()[RelationNetworks.relationChannels] == 64 && descriptor.resolve()[RelationNetworks.relationWidth] == 8)
    #expect(descriptor.taskMemory(descriptor.resolve()) == .onePass)
}

private let contract = LearnerContract(RelationNetworks.learners[0], roles: ["meta", MetricLearner.ruleRole]) {
    makeContext(threads: $0)
}

@Test func evaluateLeavesTheLearnerUnchanged() { contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 5)) }
@Test func predictionIsWhatEvaluationScores() { contract.checkPrediction(on: makeLearnableTask(seed: 8)) }
@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
@Test func trainsAndEvaluatesWithResNet12() { contract.checkTrainsWithResNet12() }
@Test func batchNormModes() throws { try contract.checkBatchNormModes() }
