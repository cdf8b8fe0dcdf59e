import Foundation
import Testing
import MetaLearning
import MAML
import LearnerTestSupport

/// MAML++: the annealed step weights by hand, the learned inner rates' and the meta-parameters'
/// gradients against finite differences, and a state saved mid-run (past the first annealing
/// iterations) continuing bit for bit.
@Suite struct MAMLPlusPlusTests {
    func context(_ values: [String: HyperparameterValue], model: @escaping @Sendable (Int) -> any Model = { _ in SmoothModel() },
                 optimizer: any Optimizer = SGD(learningRate: 1), batchNorm: BatchNormMode = .transductive,
                 threads: Int = 1) -> LearnerContext {
        LearnerContext(hyperparameters: MAMLPlusPlus.descriptor.resolve(values), ways: MAMLTests.ways, shots: 2, queries: 2,
                       makeModel: model, metaOptimizer: optimizer, iterations: 20, seed: 7, threads: threads, batchNorm: batchNorm)
    }

    func task(seed: UInt64, side: Int = 4) -> FewShotTask {
        var generator = SeededGenerator(seed: seed)
        func images(_ count: Int) -> Tensor {
            Tensor(shape: [count, 1, side, side], scalars: (0..<(count * side * side)).map { _ in Float(generator.nextNormal()) })
        }
        return FewShotTask(support: images(6), supportLabels: [0, 1, 2, 0, 1, 2],
                           query: images(6), queryLabels: [2, 1, 0, 0, 1, 2], ways: MAMLTests.ways)
    }

    /// K = 5, annealing over 100 iterations: d = 1/5/100 = 0.002, floor 0.03/5 = 0.006.
    @Test func stepWeightsAnnealAsInThePapersCode() {
        #expect(MAMLPlusPlus.stepLossWeights(steps: 5, iteration: 0, annealingIterations: 100) == [0.2, 0.2, 0.2, 0.2, 0.2])
        // Iteration 10: 0.2 − 0.02 = 0.18 each, the last 0.2 + 10·4·0.002 = 0.28.
        let tenth = MAMLPlusPlus.stepLossWeights(steps: 5, iteration: 10, annealingIterations: 100)
        for (weight, expected) in zip(tenth, [0.18, 0.18, 0.18, 0.18, 0.28] as [Float]) { #expect(abs(weight - expected) < 1e-7) }
        // Iteration 99: the early ones at the floor 0.006, the last capped at 1 − 4·0.006 = 0.976.
        let late = MAMLPlusPlus.stepLossWeights(steps: 5, iteration: 99, annealingIterations: 100)
        for (weight, expected) in zip(late, [0.006, 0.006, 0.006, 0.006, 0.976] as [Float]) { #expect(abs(weight - expected) < 1e-7) }
    }

    /// The meta-loss at a later iteration weights the query losses after each step as MSL's weights
    /// of that iteration say: 2 steps annealed over 10 iterations give [0.35, 0.65] at iteration 3
    /// (not iteration 0's [0.5, 0.5]), the losses computed here by the plain inner loop.
    @Test func metaLossAtALaterIterationUsesThatIterationsWeights() {
        let learner = MAMLPlusPlus(context(["innerLR": .real(0.3), "innerSteps": .integer(2), "multiStepLossIterations": .integer(10)]))
        let probe = task(seed: 6), model = SmoothModel()
        let state = learner.initialState()
        let theta = state.meta, rates = state["learningRates"]
        let loss = learner.metaLoss(on: probe, meta: theta, rates: rates, iteration: 3).loss.scalar
        let stepLosses = (1...2).map { steps in
            let adapted = InnerLoop.adapt(model, theta, on: probe, steps: steps, stepSize: .uniform(0.3), secondOrder: false)
            return withoutGradients { model(probe.query, adapted).crossEntropy(labels: probe.queryLabels).scalar }
        }
        #expect(abs(stepLosses[0] - stepLosses[1]) > 1e-3, "the two steps' losses must differ for the weights to matter")
        let expected = 0.35 * stepLosses[0] + 0.65 * stepLosses[1]
        #expect(abs(loss - expected) < 1e-5, "meta-loss \(loss) vs 0.35·\(stepLosses[0]) + 0.65·\(stepLosses[1])")
    }

    /// With SGD at rate 1 and no annealing of the meta rate, the applied update is the gradient; each
    /// learned rate's component and the meta-gradient along random directions match central
    /// differences of the same meta-loss, second order and with the multi-step loss.
    @Test func learnedRateAndMetaGradientsMatchFiniteDifferences() {
        let values: [String: HyperparameterValue] = ["innerLR": .real(0.3), "innerSteps": .integer(2), "firstOrderIterations": .integer(0),
                                                     "multiStepLossIterations": .integer(10), "cosineAnnealing": .boolean(false)]
        let learner = MAMLPlusPlus(context(values))
        let probe = task(seed: 1), iteration = 3
        var state = learner.initialState()
        let theta = state.meta, rates = state["learningRates"]
        #expect(rates.names.count == 8)   // 4 tensors × 2 steps
        _ = learner.metaTrain(&state, on: [probe], iteration: iteration)
        let rateGradient = rates - state["learningRates"]
        let metaGradient = theta - state.meta
        func loss(_ meta: Parameters, _ alpha: Parameters) -> Float {
            learner.metaLoss(on: probe, meta: meta, rates: alpha, iteration: iteration).loss.scalar
        }
        // Richardson-extrapolated central differences, error O(ε⁴).
        func difference(_ along: (Float) -> Float) -> Float {
            let (near, far) = ((along(0.005) - along(-0.005)) / 0.01, (along(0.01) - along(-0.01)) / 0.02)
            return (4 * near - far) / 3
        }
        let meta0 = theta, rates0 = rates
        for (index, name) in rates0.names.enumerated() {
            let numeric = difference { epsilon in
                loss(meta0, rates0.mapNamed(name) { $0 + epsilon })
            }
            let analytic = rateGradient.tensors[index].scalar
            #expect(abs(analytic - numeric) < 2e-3 * max(1, abs(numeric)), "\(name): \(analytic) vs finite difference \(numeric)")
        }
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<2 {
            let direction = meta0.map { t in Tensor(shape: t.shape, scalars: (0..<t.count).map { _ in Float(generator.nextNormal()) }) }
            let numeric = difference { epsilon in loss(meta0 + direction * epsilon, rates0) }
            let projected = (metaGradient * direction).tensors.map { $0.sum().scalar }.reduce(0, +)
            #expect(abs(projected - numeric) < 2e-3 * max(1, abs(numeric)), "directional meta-gradient \(projected) vs \(numeric)")
        }
    }

    /// Derivative-order annealing: before `firstOrderIterations` the update is first order (it
    /// differs from the second-order one at the same iteration of a learner without annealing).
    @Test func firstOrderIterationsChangeTheUpdateUntilTheyEnd() {
        func update(firstOrder: Int, iteration: Int) -> Parameters {
            let learner = MAMLPlusPlus(context(["innerSteps": .integer(2), "firstOrderIterations": .integer(firstOrder),
                                                "cosineAnnealing": .boolean(false)]))
            var state = learner.initialState()
            let before = state.meta
            _ = learner.metaTrain(&state, on: [task(seed: 2)], iteration: iteration)
            return before - state.meta
        }
        #expect((update(firstOrder: 5, iteration: 4) - update(firstOrder: 0, iteration: 4)).norm > 1e-4)
        #expect(update(firstOrder: 5, iteration: 5).isIdentical(to: update(firstOrder: 0, iteration: 5)))
    }

    /// Conv-4 with inference batch norm and every fix on: 6 iterations straight, or 4, a state saved
    /// through JSON (as checkpoints are) and restored into a fresh learner, then 2 more, give the same
    /// bits in every role and the same predictions. The multi-step loss anneals over 3 iterations and
    /// first order ends at 2, so the saved state is past both.
    @Test func stateSavedMidRunContinuesExactly() throws {
        let values: [String: HyperparameterValue] = ["innerSteps": .integer(2), "evalInnerSteps": .integer(3),
                                                     "multiStepLossIterations": .integer(3), "firstOrderIterations": .integer(2)]
        let make = { MAMLPlusPlus(self.context(values, model: { Conv4(imageSize: 16, hiddenChannels: 4, outputs: $0) },
                                               optimizer: Adam(), batchNorm: .inference, threads: 2)) }
        let tasks = (0..<3).map { task(seed: 30 + UInt64($0), side: 16) }
        let straight = make()
        var straightState = straight.initialState()
        for iteration in 0..<6 { _ = straight.metaTrain(&straightState, on: tasks, iteration: iteration) }
        let interrupted = make()
        var interruptedState = interrupted.initialState()
        for iteration in 0..<4 { _ = interrupted.metaTrain(&interruptedState, on: tasks, iteration: iteration) }
        let saved = try JSONEncoder().encode(interruptedState)
        let resumed = make()
        var resumedState = try JSONDecoder().decode(LearnerState.self, from: saved)
        try resumedState.checkFits(resumed.initialState())
        for iteration in 4..<6 { _ = resumed.metaTrain(&resumedState, on: tasks, iteration: iteration) }
        let roles = straightState.parameters.keys.sorted()
        #expect(roles == ["learningRates", "meta", "runningStatistics.step0", "runningStatistics.step1"])
        for role in roles {
            #expect(resumedState[role].isIdentical(to: straightState[role]), "role \(role)")
        }
        #expect(resumedState.optimizers["learningRates"]?.step == 6)
        #expect(resumed.predict(tasks[0], with: resumedState).isIdentical(to: straight.predict(tasks[0], with: straightState)))
        #expect(straightState.meta.names.contains("block1.norm.scale.step1"))
    }

    @Test func batchNormModesAndThreads() throws {
        let contract = LearnerContract(MAMLPlusPlus.descriptor, roles: ["meta", "learningRates"]) { self.context([:], threads: $0) }
        try contract.checkBatchNormModes { ($0 as! MAMLPlusPlus).adaptedParameters(for: $2, from: $1) }
        contract.checkThreadIndependence(tasks: (0..<3).map { task(seed: 40 + UInt64($0)) })
    }
}

extension Parameters {
    /// This set with the tensor called `name` transformed.
    func mapNamed(_ name: String, _ transform: (Tensor) -> Tensor) -> Parameters {
        Parameters(entries.map { ($0.name, $0.name == name ? transform($0.tensor) : $0.tensor) })
    }
}
