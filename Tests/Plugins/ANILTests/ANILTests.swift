import Testing
import MetaLearning
import ANIL
import LearnerTestSupport

private let model = MLP(inputSize: 4, hiddenSizes: [5], outputs: 2)

/// ANIL on learnable tasks with an MLP of `model`'s architecture.
private func makeContext(_ values: [String: HyperparameterValue] = [:], optimizer: any Optimizer = Adam(),
                         threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(ANIL.learners[0], values, optimizer: optimizer, threads: threads)
}
private func body(_ parameters: Parameters) -> Parameters { parameters.filter { !model.isHeadParameter($0) } }
private func head(_ parameters: Parameters) -> Parameters { parameters.filter(model.isHeadParameter) }

@Test func innerLoopLeavesTheBodyBitForBitUnchanged() {
    let learner = ANIL(makeContext())
    var state = learner.initialState()
    _ = learner.metaTrain(&state, on: [makeLearnableTask(seed: 1)], iteration: 0)
    let meta = state.meta
    let task = makeLearnableTask(seed: 2)
    let adapted = learner.adaptedParameters(for: task, from: state, steps: 5)
    #expect(body(adapted).isIdentical(to: body(meta)))
    #expect(!head(adapted).isIdentical(to: head(meta)))
    #expect(adapted.names.sorted() == meta.names.sorted())
}

@Test func headOnFeaturesEqualsHeadOnTheFullModel() {
    // The efficient formulation (features once, head steps on features) against the plain one
    // (the whole model recomputed at every step, only the head updated): the same arithmetic.
    let learner = ANIL(makeContext()), state = learner.initialState()
    let meta = state.meta
    let task = makeLearnableTask(seed: 3)
    let plainHead = InnerLoop.adapt(head(meta), steps: 3, stepSize: .uniform(0.4), secondOrder: false) { current in
        model(task.support, body(meta).merging(current)).crossEntropy(labels: task.supportLabels)
    }
    let efficient = learner.adaptedParameters(for: task, from: state, steps: 3)
    #expect(head(efficient).isIdentical(to: plainHead.detached()))
    // And evaluate() classifies with exactly these parameters.
    let logits = withoutGradients { model(task.query, efficient) }
    #expect(learner.evaluate(task, with: state) == TaskMetrics(loss: logits.crossEntropy(labels: task.queryLabels).scalar,
                                                  accuracy: logits.accuracy(labels: task.queryLabels)))
}

@Test(arguments: [false, true])
func metaGradientReachesTheBody(firstOrder: Bool) {
    let learner = ANIL(makeContext(["firstOrder": .boolean(firstOrder)], optimizer: SGD(learningRate: 1)))
    var state = learner.initialState()
    let before = state.meta
    _ = learner.metaTrain(&state, on: [makeLearnableTask(seed: 4)], iteration: 0)
    let after = state.meta
    let bodyGradient = body(before) - body(after)
    #expect(bodyGradient.norm > 1e-4)
    #expect(!head(before).isIdentical(to: head(after)))
}

@Test func secondOrderMetaGradientMatchesFiniteDifferences() throws {
    let values: [String: HyperparameterValue] = ["innerSteps": .integer(2), "evalInnerSteps": .integer(2)]
    let task = makeLearnableTask(seed: 5)
    let learner = ANIL(makeContext(values, optimizer: SGD(learningRate: 1)))
    var state = learner.initialState()
    let theta = state.meta
    _ = learner.metaTrain(&state, on: [task], iteration: 0)
    let gradient = theta - state.meta

    var generator = SeededGenerator(seed: 13)
    let direction = theta.map { Tensor(shape: $0.shape, scalars: (0..<$0.count).map { _ in generator.nextInt(below: 2) == 0 ? -1 : 1 }) }
    func loss(_ h: Float) throws -> Double {
        let probe = ANIL(makeContext(values))
        let state = LearnerState(meta: withoutGradients { theta + direction * h })
        try state.checkFits(probe.initialState())
        return Double(probe.evaluate(task, with: state).loss)
    }
    func central(_ h: Float) throws -> Double { (try loss(h) - loss(-h)) / (2 * Double(h)) }
    // Richardson extrapolation at ε = 2e-3: a ReLU of the body changes sign within 1e-2 of this
    // point along the direction (perturbing the body moves every pre-activation), so ε stays below that.
    let numeric = (4 * (try central(1e-3)) - (try central(2e-3))) / 3
    var analytic: Double = 0
    for (g, d) in zip(gradient.tensors, direction.tensors) {
        for (u, v) in zip(g.scalars, d.scalars) { analytic += Double(u) * Double(v) }
    }
    // Float32 losses at ε = 1e-3: rounding noise ≈ 3e-5; tolerance 1e-4 + 0.5%.
    #expect(abs(analytic - numeric) <= 1e-4 + 0.005 * abs(numeric), "analytic \(analytic), finite difference \(numeric)")
}

private let contract = LearnerContract(ANIL.learners[0]) { makeContext(threads: $0) }

@Test func evaluateLeavesTheLearnerUnchanged() { contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 6)) }
@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
@Test func trainsAndEvaluatesWithResNet12() { contract.checkTrainsWithResNet12() }
@Test func batchNormModes() throws { try contract.checkBatchNormModes { ($0 as! ANIL).adaptedParameters(for: $2, from: $1) } }
