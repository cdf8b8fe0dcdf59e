import Foundation
import Testing
import MetaLearning
import R2D2
import LearnerTestSupport

/// R2D2 on learnable tasks with an MLP body of 3 features.
private func makeContext(_ values: [String: HyperparameterValue] = [:], ways: Int = 2, trainWays: Int? = nil,
                         optimizer: any Optimizer = Adam(), threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(R2D2.learners[0], values, ways: ways, trainWays: trainWays, hiddenSizes: [5, 3],
                        optimizer: optimizer, threads: threads)
}

private func scalar(_ value: Float) -> Tensor { Tensor(shape: [1], scalars: [value]) }

@Test func ridgeWeightsEqualAHandComputation() {
    // X = [1 0; 0 2] (one image per class), Y = I, λ = 1: XXᵀ + λI = diag(2, 5), so
    // W = Xᵀ·diag(1/2, 1/5) = [1/2 0; 0 2/5].
    let x = Tensor(shape: [2, 2], scalars: [1, 0, 0, 2])
    let weights = R2D2.ridgeWeights(supportEmbeddings: x, supportLabels: [0, 1], ways: 2, lambda: scalar(1))
    #expect(maxDifference(weights.scalars, [0.5, 0, 0, 0.4]) <= 1e-6)
    // Logits α·(X_q W) + β for the query (2, 1), α = 3, β = −1: 3·(1, 0.4) − 1 = (2, 0.2).
    let logits = R2D2.ridgeLogits(supportEmbeddings: x, supportLabels: [0, 1], ways: 2,
                                  queryEmbeddings: Tensor(shape: [1, 2], scalars: [2, 1]),
                                  scale: scalar(3), bias: scalar(-1), lambda: scalar(1))
    #expect(maxDifference(logits.scalars, [2, 0.2]) <= 1e-6)
}

/// The Woodbury identity as an invariant: the n×n dual solution Xᵀ(XXᵀ + λI)⁻¹Y equals the d×d
/// primal one (XᵀX + λI)⁻¹XᵀY, here for 6 support images of 10 features (3-way 2-shot).
@Test(arguments: [0.05, 1.0, 20.0])
func theDualSolutionIsThePrimalRidgeSolution(lambda: Double) {
    var generator = SeededGenerator(seed: 3)
    let x = Tensor(shape: [6, 10], scalars: (0..<60).map { _ in Float(generator.nextNormal()) })
    let labels = [0, 0, 1, 1, 2, 2]
    let dual = R2D2.ridgeWeights(supportEmbeddings: x, supportLabels: labels, ways: 3, lambda: scalar(Float(lambda)))
    let y = Tensor(shape: [6, 3], scalars: labels.flatMap { label in (0..<3).map { $0 == label ? 1 : 0 } })
    let primal = Tensor.solve(Tensor.matmul(x, x, transposingA: true) + Tensor.identity(10) * Float(lambda),
                              Tensor.matmul(x, y, transposingA: true))
    #expect(dual.shape == [10, 3])
    let scale = primal.scalars.map(abs).max() ?? 1
    #expect(maxDifference(dual.scalars, primal.scalars) <= 1e-4 * max(1, scale), "λ = \(lambda)")
    // And W minimises ‖XW − Y‖² + λ‖W‖²: its gradient XᵀXW − XᵀY + λW vanishes.
    let stationarity = Tensor.matmul(x, Tensor.matmul(x, dual) - y, transposingA: true) + dual * Float(lambda)
    #expect(stationarity.scalars.allSatisfy { abs($0) <= 1e-3 }, "λ = \(lambda)")
}

/// The meta-gradient flows through the solve into the embeddings, α, β and λ: first and second
/// derivatives of the query loss against finite differences.
@Test func lossDerivativesMatchFiniteDifferencesToSecondOrder() {
    var generator = SeededGenerator(seed: 12)
    func random(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextNormal()) })
    }
    let inputs = [random([4, 6]), random([3, 6]), scalar(1.5), scalar(0.2), scalar(Float(Foundation.log(0.7)))]
    let errors = lossDerivativeErrors(at: inputs) { xs in
        R2D2.ridgeLogits(supportEmbeddings: xs[0], supportLabels: [0, 0, 1, 1], ways: 2, queryEmbeddings: xs[1],
                         scale: xs[2], bias: xs[3], lambda: xs[4].exp()).crossEntropy(labels: [0, 1, 1])
    }
    #expect(errors.firstOrder < 2e-3 && errors.secondOrder < 2e-3, "\(errors)")
    print("r2d2 loss derivatives: first-order error \(errors.firstOrder), second-order \(errors.secondOrder)")
}

@Test func theStateHoldsTheRulesScalarsAndTrainingMovesThem() {
    let learner = R2D2.learner(makeContext(["initialLambda": .real(2)], optimizer: Adam(learningRate: 0.01)))
    var state = learner.initialState()
    let rule = state[MetricLearner.ruleRole]
    #expect(rule.names == [R2D2.Parameter.scale, R2D2.Parameter.bias, R2D2.Parameter.logLambda])
    #expect(abs(rule.require(R2D2.Parameter.logLambda).scalar - Float(Foundation.log(2.0))) <= 1e-7)
    let tasks = (0..<3).map { makeLearnableTask(seed: 60 + UInt64($0)) }
    let first = learner.metaTrain(&state, on: tasks, iteration: 0)
    var last = first
    for iteration in 1..<30 { last = learner.metaTrain(&state, on: tasks, iteration: iteration) }
    #expect(last.loss < first.loss)
    for name in rule.names { #expect(state[MetricLearner.ruleRole].require(name).scalar != rule.require(name).scalar, "\(name)") }
}

@Test func evaluateIsTheCrossEntropyOfRidgeLogits() {
    let learner = R2D2.learner(makeContext()), state = learner.initialState()
    let embedding = MLP(inputSize: 4, hiddenSizes: [5, 3], outputs: 0)
    let task = makeLearnableTask(seed: 1)
    let meta = state.meta
    let logits = withoutGradients {
        R2D2.ridgeLogits(supportEmbeddings: embedding.features(task.support, meta), supportLabels: task.supportLabels,
                         ways: 2, queryEmbeddings: embedding.features(task.query, meta),
                         scale: scalar(1), bias: scalar(0), lambda: scalar(1))
    }
    let metrics = learner.evaluate(task, with: state)
    #expect(abs(metrics.loss - logits.crossEntropy(labels: task.queryLabels).scalar) <= 1e-6)
}

@Test func registryEntryDeclaresTheRegulariser() {
    let descriptor = R2D2.learners[0]
    #expect(descriptor.name == "r2d2" && descriptor.acceptsTrainWays)
    #expect(descriptor.resolve()[R2D2.initialLambda] == 1)
    #expect(descriptor.taskMemory(descriptor.resolve()) == .onePass)
}

private let contract = LearnerContract(R2D2.learners[0], roles: ["meta", MetricLearner.ruleRole]) { makeContext(threads: $0) }

@Test func evaluateLeavesTheLearnerUnchanged() { contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 5)) }
@Test func predictionIsWhatEvaluationScores() { contract.checkPrediction(on: makeLearnableTask(seed: 8)) }
@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
@Test func trainsAndEvaluatesWithResNet12() { contract.checkTrainsWithResNet12() }
@Test func batchNormModes() throws { try contract.checkBatchNormModes() }

private func maxDifference(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }

/// Unequal shots: the ridge head is the minimiser of ‖XW − Y‖² + λ‖W‖² over all support images, so it
/// does not depend on their order, and its gradient 2Xᵀ(XW − Y) + 2λW vanishes there.
@Test func unbalancedSupportSetsGiveTheRidgeOptimumWhateverTheOrder() {
    let episode = UnbalancedEmbeddings(seed: 62)
    func weights(_ support: Tensor, _ labels: [Int]) -> Tensor {
        R2D2.ridgeWeights(supportEmbeddings: support, supportLabels: labels, ways: 3, lambda: scalar(0.5))
    }
    let head = weights(episode.support, episode.labels)
    #expect(relativeDistance(weights(episode.reorderedSupport, episode.reorderedLabels), head) <= 1e-5)
    let targets = Tensor(shape: [6, 3], scalars: episode.labels.flatMap { label in (0..<3).map { $0 == label ? 1 : 0 } })
    let residual = Tensor.matmul(episode.support, head) - targets
    let gradient = Tensor.matmul(episode.support, residual, transposingA: true) + head * 0.5
    #expect(gradient.scalars.allSatisfy { abs($0) <= 1e-5 })
}
