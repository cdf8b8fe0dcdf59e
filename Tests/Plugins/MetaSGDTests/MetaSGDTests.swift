import Testing
import MetaLearning
import MetaSGD
import LearnerTestSupport

/// Meta-SGD on learnable tasks with a small MLP.
private func makeContext(_ values: [String: HyperparameterValue] = [:], ways: Int = 2,
                         optimizer: any Optimizer = Adam(), threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(MetaSGD.learners[0], values, ways: ways, optimizer: optimizer, threads: threads)
}

private let contract = LearnerContract(MetaSGD.learners[0], roles: ["meta", "learningRates"]) { makeContext(threads: $0) }

/// The query loss after adaptation from θ with step sizes α, as `evaluate` computes it
/// (its forward pass is the one meta-training differentiates when evalInnerSteps = innerSteps).
private func adaptedQueryLoss(theta: Parameters, alpha: Parameters, task: FewShotTask,
                              values: [String: HyperparameterValue] = [:]) throws -> Double {
    let probe = MetaSGD(makeContext(values))
    let state = LearnerState(parameters: ["meta": theta, "learningRates": alpha], optimizers: ["meta": OptimizerState()])
    try state.checkFits(probe.initialState())
    return Double(probe.evaluate(task, with: state).loss)
}

/// The derivative of `f` at 0 by central differences with Richardson extrapolation:
/// (4·D(ε/2) − D(ε)) / 3 cancels the ε² term, leaving O(ε⁴) truncation error.
private func richardsonDerivative(epsilon: Float, _ f: (Float) throws -> Double) rethrows -> Double {
    func central(_ h: Float) throws -> Double { (try f(h) - f(-h)) / (2 * Double(h)) }
    return (4 * (try central(epsilon / 2)) - (try central(epsilon))) / 3
}

/// The meta-gradient of one task, read from outside: with SGD at learning rate 1 the
/// meta-update is exactly "subtract the gradient", so gradient = old − new.
private func metaGradient(for task: FewShotTask, values: [String: HyperparameterValue] = [:])
    -> (theta: Parameters, alpha: Parameters, thetaGradient: Parameters, alphaGradient: Parameters) {
    let learner = MetaSGD(makeContext(values, optimizer: SGD(learningRate: 1)))
    let before = learner.initialState()
    var after = before
    _ = learner.metaTrain(&after, on: [task], iteration: 0)
    let theta = before.parameters["meta"]!, alpha = before.parameters["learningRates"]!
    return (theta, alpha, theta - after.parameters["meta"]!, alpha - after.parameters["learningRates"]!)
}

/// `parameters` + h·`direction`.
private func perturbed(_ parameters: Parameters, by h: Float, along direction: Parameters) -> Parameters {
    withoutGradients { parameters + direction * h }
}

/// ±1 in every scalar, drawn from a fixed seed.
private func signDirection(like parameters: Parameters, seed: UInt64) -> Parameters {
    var generator = SeededGenerator(seed: seed)
    return parameters.map { Tensor(shape: $0.shape, scalars: (0..<$0.count).map { _ in generator.nextInt(below: 2) == 0 ? -1 : 1 }) }
}

/// The scalar product of two sets.
private func dot(_ a: Parameters, _ b: Parameters) -> Double {
    var total: Double = 0
    for (x, y) in zip(a.tensors, b.tensors) {
        for (u, v) in zip(x.scalars, y.scalars) { total += Double(u) * Double(v) }
    }
    return total
}

/// A direction that is 1 at one scalar and 0 elsewhere.
private func unitDirection(like parameters: Parameters, tensor: Int, scalar: Int) -> Parameters {
    var index = 0
    return parameters.map { tensorValue in
        defer { index += 1 }
        var scalars = [Float](repeating: 0, count: tensorValue.count)
        if index == tensor { scalars[scalar] = 1 }
        return Tensor(shape: tensorValue.shape, scalars: scalars)
    }
}

// Float32 throughout: the loss is ≈ 0.7 with rounding ≈ 6e-8, so each central difference at
// ε = 1e-2 carries ≈ 1e-5 of rounding noise; Richardson extrapolation removes the ε² truncation.
// Observed agreement is ≈ 1e-5 relative; the tolerance is 1e-4 absolute + 0.5% relative, while a
// first-order meta-gradient misses these derivatives by 2–100%.
private func expectClose(_ analytic: Double, _ numeric: Double, _ label: String) {
    #expect(abs(analytic - numeric) <= 1e-4 + 0.005 * abs(numeric), "\(label): analytic \(analytic), finite difference \(numeric)")
}

/// Two inner steps, so the second step's gradient depends on α and dL/dα involves the Hessian
/// (with one step, even a first-order meta-gradient would be exact with respect to α).
private let twoSteps: [String: HyperparameterValue] = ["innerSteps": .integer(2), "evalInnerSteps": .integer(2)]

@Test func learningRateGradientMatchesFiniteDifferences() throws {
    let task = makeLearnableTask(seed: 1)
    let (theta, alpha, _, alphaGradient) = metaGradient(for: task, values: twoSteps)
    #expect(alphaGradient.norm > 1e-3)

    // Along a direction through every α entry at once.
    let direction = signDirection(like: alpha, seed: 11)
    let numeric = try richardsonDerivative(epsilon: 1e-2) { h in
        try adaptedQueryLoss(theta: theta, alpha: perturbed(alpha, by: h, along: direction), task: task, values: twoSteps)
    }
    expectClose(dot(alphaGradient, direction), numeric, "directional derivative along ±1")

    // And entry by entry, for the three entries with the largest gradient.
    let ranked = alphaGradient.tensors.enumerated().flatMap { tensorIndex, tensor in
        tensor.scalars.enumerated().map { (tensorIndex, $0.offset, $0.element) }
    }.sorted { abs($0.2) > abs($1.2) }
    for (tensorIndex, scalarIndex, analytic) in ranked.prefix(3) {
        let unit = unitDirection(like: alpha, tensor: tensorIndex, scalar: scalarIndex)
        let numeric = try richardsonDerivative(epsilon: 1e-2) { h in
            try adaptedQueryLoss(theta: theta, alpha: perturbed(alpha, by: h, along: unit), task: task, values: twoSteps)
        }
        expectClose(Double(analytic), numeric, "\(alpha.names[tensorIndex])[\(scalarIndex)]")
    }
}

@Test func weightGradientIsExactSecondOrder() throws {
    let task = makeLearnableTask(seed: 2)
    let (theta, alpha, thetaGradient, _) = metaGradient(for: task)
    let direction = signDirection(like: theta, seed: 12)
    let numeric = try richardsonDerivative(epsilon: 1e-2) { h in
        try adaptedQueryLoss(theta: perturbed(theta, by: h, along: direction), alpha: alpha, task: task)
    }
    expectClose(dot(thetaGradient, direction), numeric, "directional derivative of θ")
}

@Test func evaluateLeavesTheLearnerUnchanged() {
    contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 4), afterTrainingOn: [makeLearnableTask(seed: 3)])
}

@Test func learningRatesStartInTheDocumentedRangeAndAreLearned() {
    let learner = MetaSGD(makeContext())
    var state = learner.initialState()
    let initial = state["learningRates"]
    #expect(initial.tensors.allSatisfy { $0.scalars.allSatisfy { (0.005..<0.1).contains($0) } })
    let constant = MetaSGD(makeContext(["initialInnerLRMin": .real(0.4), "initialInnerLRMax": .real(0.4)]))
    #expect(constant.initialState()["learningRates"].tensors.allSatisfy { $0.scalars.allSatisfy { $0 == 0.4 } })
    _ = learner.metaTrain(&state, on: [makeLearnableTask(seed: 5)], iteration: 0)
    #expect(!state["learningRates"].isIdentical(to: initial))
}

@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func batchNormModes() throws { try contract.checkBatchNormModes { ($0 as! MetaSGD).adaptedParameters(for: $2, from: $1) } }

@Test func restoreRejectsAStateOfAnotherShape() {
    let learner = MetaSGD(makeContext())
    let other = MetaSGD(makeContext(ways: 3))
    #expect(throws: LearnerStateError.self) { try other.initialState().checkFits(learner.initialState()) }
}

@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
@Test func trainsAndEvaluatesWithResNet12() { contract.checkTrainsWithResNet12() }
