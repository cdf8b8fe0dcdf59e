import Foundation
import Testing
import MetaLearning
import Reptile
import LearnerTestSupport

private let model = MLP(inputSize: 4, hiddenSizes: [5], outputs: 2)

/// Reptile on learnable tasks with an MLP of `model`'s architecture.
private func makeContext(_ values: [String: HyperparameterValue] = [:], threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(Reptile.learners[0], values, threads: threads)
}

private func vector(_ scalars: [Float]) -> Parameters { Parameters([("w", Tensor(shape: [scalars.count], scalars: scalars))]) }

@Test func outerUpdateIsThetaPlusStepTimesMeanDifference() {
    // θ = (1, 2), φ₁ = (3, 2), φ₂ = (1, 6): mean(φ − θ) = (1, 2); ε = 0.5 gives (1.5, 3).
    let updated = Reptile.outerUpdate(theta: vector([1, 2]), adapted: [vector([3, 2]), vector([1, 6])], stepSize: 0.5)
    #expect(updated.require("w").scalars == [1.5, 3])
}

@Test func updateOnQuadraticTasksEqualsTheClosedForm() {
    // Task i has loss ½‖φ − cᵢ‖². k SGD steps of size η give φᵢ = cᵢ + (1 − η)ᵏ(θ − cᵢ), so the
    // Reptile update is θ' = θ + ε(1 − (1 − η)ᵏ)(mean c − θ).
    let theta = vector([0.5, -1, 2])
    let centres = [vector([1, 0, 0]), vector([-2, 3, 1])]
    let (eta, k, epsilon): (Float, Int, Float) = (0.3, 4, 0.7)
    let adapted = centres.map { centre in
        Reptile.fineTune(theta, steps: k, optimizer: SGD(learningRate: Double(eta))) { phi, _ in
            ((phi - centre).require("w").squared().sum() * 0.5)
        }
    }
    let updated = Reptile.outerUpdate(theta: theta, adapted: adapted, stepSize: epsilon)
    let shrink = 1 - Float(pow(Double(1 - eta), Double(k)))
    let meanCentre = zip(centres[0].require("w").scalars, centres[1].require("w").scalars).map { ($0 + $1) / 2 }
    let expected = zip(theta.require("w").scalars, meanCentre).map { $0 + epsilon * shrink * ($1 - $0) }
    for (value, target) in zip(updated.require("w").scalars, expected) {
        #expect(abs(value - target) <= 1e-6, "\(value) vs \(target)")
    }
}

@Test func outerStepSizeAnnealsLinearly() {
    #expect(Reptile.outerStepSize(iteration: 0, iterations: 100, initial: 1, final: 0) == 1)
    #expect(Reptile.outerStepSize(iteration: 25, iterations: 100, initial: 1, final: 0) == 0.75)
    #expect(Reptile.outerStepSize(iteration: 50, iterations: 100, initial: 1, final: 0.5) == 0.75)
    #expect(Reptile.outerStepSize(iteration: 100, iterations: 100, initial: 1, final: 0) == 0)
    #expect(Reptile.outerStepSize(iteration: 500, iterations: 100, initial: 1, final: 0) == 0)
    #expect(Reptile.outerStepSize(iteration: 3, iterations: 0, initial: 1, final: 0) == 1)
}

@Test func miniBatchesCycleThroughShuffledPasses() {
    var generator = SeededGenerator(seed: 1)
    let batches = Reptile.miniBatches(count: 4, batchSize: 3, steps: 4, using: &generator)
    #expect(batches.count == 4 && batches.allSatisfy { $0.count == 3 })
    let stream = batches.flatMap { $0 }
    // 12 indices = three full passes, each a permutation of 0..<4.
    for pass in 0..<3 { #expect(stream[(4 * pass)..<(4 * pass + 4)].sorted() == [0, 1, 2, 3]) }
}

/// Plain SGD on whole support batches, so one inner step is MAML's inner step.
private let sgdOnWholeSupport: [String: HyperparameterValue] = [
    "innerOptimizer": .text("sgd"), "innerLR": .real(0.1), "innerSteps": .integer(3), "innerBatchSize": .integer(4),
]

@Test func metaTrainMovesThetaOntoTheAdaptedWeightsWithUnitStep() {
    let task = makeLearnableTask(seed: 2)   // 2-way 2-shot: 4 support images, one batch per step
    let learner = Reptile(makeContext(sgdOnWholeSupport))
    var state = learner.initialState()
    let theta = state.meta
    _ = learner.metaTrain(&state, on: [task], iteration: 0)   // ε₀ = 1: θ becomes φ
    let byHand = InnerLoop.adapt(model, theta, on: task, steps: 3, stepSize: .uniform(0.1), secondOrder: false)
    // The batches are permutations of the support set: the same loss up to summation order.
    for (value, target) in zip(state.meta.tensors, byHand.tensors) {
        for (a, b) in zip(value.scalars, target.scalars) { #expect(abs(a - b) <= 1e-5, "\(a) vs \(b)") }
    }
    #expect(!state.meta.isIdentical(to: theta))
}

@Test func metaTrainMovesThetaPartWayWithSmallerStep() {
    let task = makeLearnableTask(seed: 3)
    let full = Reptile(makeContext(sgdOnWholeSupport))
    let half = Reptile(makeContext(sgdOnWholeSupport.merging(["outerStepSize": .real(0.5)]) { $1 }))
    var fullState = full.initialState(), halfState = half.initialState()
    let theta = fullState.meta
    _ = full.metaTrain(&fullState, on: [task], iteration: 0)
    _ = half.metaTrain(&halfState, on: [task], iteration: 0)
    let midpoint = withoutGradients { (theta + fullState.meta) * 0.5 }
    for (value, target) in zip(halfState.meta.tensors, midpoint.tensors) {
        for (a, b) in zip(value.scalars, target.scalars) { #expect(abs(a - b) <= 1e-6, "\(a) vs \(b)") }
    }
}

/// At a later iteration the step is the annealed one, not `outerStepSize`: iteration 25 of the
/// context's 100, annealing 1 → 0, takes ε = 0.75, so θ' = θ + 0.75 (φ − θ) with φ fine-tuned by hand.
@Test func metaTrainAtALaterIterationTakesTheAnnealedStep() {
    let task = makeLearnableTask(seed: 5)
    let learner = Reptile(makeContext(sgdOnWholeSupport))
    var state = learner.initialState()
    let theta = state.meta
    _ = learner.metaTrain(&state, on: [task], iteration: 25)
    let phi = InnerLoop.adapt(model, theta, on: task, steps: 3, stepSize: .uniform(0.1), secondOrder: false)
    let expected = withoutGradients { theta + (phi - theta) * 0.75 }
    for (value, target) in zip(state.meta.tensors, expected.tensors) {
        for (a, b) in zip(value.scalars, target.scalars) { #expect(abs(a - b) <= 1e-5, "\(a) vs \(b)") }
    }
    let unannealed = withoutGradients { (phi - state.meta).norm }
    #expect(unannealed > 1e-3, "the step at iteration 25 must not be the initial ε = 1")
}

@Test func evaluateFineTunesFromTheta() {
    let task = makeLearnableTask(seed: 4)
    let learner = Reptile(makeContext(["innerOptimizer": .text("sgd"), "innerLR": .real(0.1)]))
    let state = learner.initialState(), theta = state.meta
    let first = learner.evaluate(task, with: state), second = learner.evaluate(task, with: state)
    #expect(first == second)
    let untuned = Reptile(makeContext(["evalInnerSteps": .integer(0)]))
    let logits = withoutGradients { model(task.query, theta) }
    #expect(untuned.evaluate(task, with: state).loss == logits.crossEntropy(labels: task.queryLabels).scalar)
    #expect(first.loss < untuned.evaluate(task, with: state).loss)   // 50 SGD steps on the support set help on this easy task
}

private let contract = LearnerContract(Reptile.learners[0]) { makeContext(threads: $0) }

@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
@Test func trainsAndEvaluatesWithResNet12() { contract.checkTrainsWithResNet12() }
@Test func batchNormModes() throws { try contract.checkBatchNormModes { ($0 as! Reptile).adaptedParameters(for: $2, from: $1) } }
