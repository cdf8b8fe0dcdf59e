import Foundation
import Testing
import MetaLearning
import MAML
import LearnerTestSupport

/// A small smooth network (softplus hidden layer), so finite differences never cross a ReLU kink;
/// with `outputs` 0 the body alone.
struct SmoothModel: Model {
    let featureCount = 6
    var outputs = MAMLTests.ways

    let activationsPerImage = 6

    var parameterShapes: [ParameterShape] {
        [ParameterShape("layer.weight", [6, 16]), ParameterShape("layer.bias", [6])] + headShapes
    }

    func initialParameters(using generator: inout SeededGenerator) -> Parameters {
        let body = [("layer.weight", Initializer.kaimingNormal([6, 16], fanIn: 16, using: &generator)),
                    ("layer.bias", Tensor(zeros: [6]))]
        guard outputs > 0 else { return Parameters(body) }
        return Parameters(body + [("head.weight", Initializer.kaimingNormal([outputs, 6], fanIn: 6, using: &generator)),
                                  ("head.bias", Tensor(zeros: [outputs]))])
    }

    func features(_ input: Tensor, _ parameters: Parameters) -> Tensor {
        let preactivation = input.flattenedBatch().linear(weight: parameters.require("layer.weight"),
                                                          bias: parameters.require("layer.bias"))
        return (preactivation.exp() + 1).log()
    }
}

/// MAML's meta-gradient against finite differences through two inner steps, and FOMAML's
/// against the first-order formula, on a small smooth model where Float32 differences are reliable.
@Suite struct MAMLTests {
    static let ways = 3
    let model = SmoothModel()

    func context(_ name: String, innerSteps: Int = 2, threads: Int = 1) -> LearnerContext {
        let descriptor = MAML.learners.first { $0.name == name }!
        let hyperparameters = descriptor.resolve(["innerLR": .real(0.3), "innerSteps": .integer(innerSteps),
                                                  "evalInnerSteps": .integer(2)])
        return LearnerContext(hyperparameters: hyperparameters, ways: MAMLTests.ways, shots: 2, queries: 2,
                              makeModel: { [model] _ in model },
                              metaOptimizer: SGD(learningRate: 1),
                              iterations: 10, seed: 7, threads: threads)
    }

    func task(seed: UInt64) -> FewShotTask {
        var generator = SeededGenerator(seed: seed)
        func images(_ count: Int) -> Tensor {
            Tensor(shape: [count, 1, 4, 4], scalars: (0..<(count * 16)).map { _ in Float(generator.nextNormal()) })
        }
        return FewShotTask(support: images(6), supportLabels: [0, 1, 2, 0, 1, 2],
                           query: images(6), queryLabels: [2, 1, 0, 0, 1, 2], ways: MAMLTests.ways)
    }

    /// The meta-gradient the learner applied: with SGD at learning rate 1, θ_old − θ_new.
    func appliedMetaGradient(_ learner: any Learner, _ tasks: [FewShotTask]) -> Parameters {
        var state = learner.initialState()
        let before = state.meta
        _ = learner.metaTrain(&state, on: tasks, iteration: 0)
        return before - state.meta
    }

    /// L_query(adapt(θ)) with two inner steps, no graph.
    func metaLoss(_ theta: Parameters, _ task: FewShotTask) -> Float {
        let adapted = InnerLoop.adapt(model, theta, on: task, steps: 2, stepSize: .uniform(0.3), secondOrder: false)
        return withoutGradients { model(task.query, adapted).crossEntropy(labels: task.queryLabels).scalar }
    }

    @Test func metaGradientMatchesFiniteDifferences() {
        let learner = MAML(context("maml"), secondOrder: true)
        let theta = learner.initialState().meta
        let task = task(seed: 1)
        let analytic = appliedMetaGradient(learner, [task])
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<3 {
            let direction = theta.map { t in Tensor(shape: t.shape, scalars: (0..<t.count).map { _ in Float(generator.nextNormal()) }) }
            // Richardson-extrapolated central difference, error O(ε⁴); Float32 round-off ≈ 1e-7/ε.
            func difference(_ epsilon: Float) -> Float {
                (metaLoss(theta + direction * epsilon, task) - metaLoss(theta - direction * epsilon, task)) / (2 * epsilon)
            }
            let numeric = (4 * difference(0.005) - difference(0.01)) / 3
            let projected = (analytic * direction).tensors.map { $0.sum().scalar }.reduce(0, +)
            #expect(abs(projected - numeric) < 2e-3 * max(1, abs(numeric)), "directional meta-gradient \(projected) vs finite difference \(numeric)")
        }
    }

    @Test func firstOrderMatchesItsFormulaAndDiffersFromSecondOrder() {
        let task = task(seed: 2)
        let first = appliedMetaGradient(MAML(context("fomaml"), secondOrder: false), [task])
        let second = appliedMetaGradient(MAML(context("maml"), secondOrder: true), [task])
        // First-order formula: ∇_φ L_query(φ) at the adapted φ, with θ's inner path ignored.
        let theta = MAML(context("maml"), secondOrder: true).initialState().meta
        let adapted = InnerLoop.adapt(model, theta, on: task, steps: 2, stepSize: .uniform(0.3), secondOrder: false).detached().variables()
        let formula = adapted.gradients(of: model(task.query, adapted).crossEntropy(labels: task.queryLabels))
        let gap = (first - formula).norm, difference = (first - second).norm
        #expect(gap < 1e-5 * max(1, formula.norm))
        #expect(difference > 1e-3 * formula.norm)
    }

    @Test func metaBatchResultDoesNotDependOnThreads() {
        let contract = LearnerContract(MAML.learners[0]) { context("maml", threads: $0) }
        contract.checkThreadIndependence(tasks: (0..<4).map { task(seed: UInt64(10 + $0)) })
    }

    @Test(arguments: MAML.learners.map(\.name)) func trainsWithResNet12AndDropBlock(_ name: String) {
        LearnerContract(MAML.learners.first { $0.name == name }!) { _ in context(name) }.checkTrainsWithResNet12()
    }

    @Test(arguments: MAML.learners.map(\.name)) func batchNormModes(_ name: String) throws {
        try LearnerContract(MAML.learners.first { $0.name == name }!) { _ in context(name) }
            .checkBatchNormModes { learner, state, task in
                (learner as? MAML)?.adaptedParameters(for: task, from: state)
                    ?? (learner as? ProtoMAML)?.adaptedParameters(for: task, from: state)
                    ?? (learner as! MAMLPlusPlus).adaptedParameters(for: task, from: state)
            }
    }

    @Test func aCheckpointWithoutOptimizerStateIsRejected() {
        let initial = MAML(context("maml"), secondOrder: true).initialState()
        let incomplete = LearnerState(parameters: ["meta": initial.meta.map { $0 * 2 }])
        #expect(throws: LearnerStateError.self) { try incomplete.checkFits(initial) }
        let reshaped = LearnerState(meta: Parameters(initial.meta.entries.map { ($0.name, $0.tensor.flattenedBatch()) }))
        #expect(throws: LearnerStateError.self) { try reshaped.checkFits(initial) }
    }

    @Test func stateRoundTripsAndEvaluationIsPure() throws {
        let learner = MAML(context("maml"), secondOrder: true)
        var state = learner.initialState()
        _ = learner.metaTrain(&state, on: [task(seed: 3)], iteration: 0)
        let probe = task(seed: 4)
        let before = learner.evaluate(probe, with: state)
        #expect(learner.evaluate(probe, with: state) == before)
        let restored = try JSONDecoder().decode(LearnerState.self, from: JSONEncoder().encode(state))
        try restored.checkFits(MAML(context("maml"), secondOrder: true).initialState())
        #expect(MAML(context("maml"), secondOrder: true).evaluate(probe, with: restored) == before)
        #expect(restored.optimizers["meta"]?.step == 1)
    }
}
