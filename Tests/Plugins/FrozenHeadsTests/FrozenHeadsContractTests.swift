import Foundation
import Testing
import MetaLearning
import FrozenHeads
import LearnerTestSupport

/// The `Learner` contract for each head, on the small MLP the contract suite uses; every parameter
/// role of the state (the body, SimpleShot's base mean) is compared bit for bit.
@Suite struct FrozenHeadsContractTests {
    static let names = FrozenHeads.learners.map(\.name)

    static func contract(_ name: String) -> LearnerContract {
        let descriptor = FrozenHeads.learners.first { $0.name == name }!
        let roles = descriptor.make(makeSmallMLPContext(descriptor)).initialState().parameters.keys.sorted()
        return LearnerContract(descriptor, roles: roles) { makeSmallMLPContext(descriptor, threads: $0) }
    }

    @Test(arguments: names) func evaluateLeavesTheLearnerUnchanged(name: String) {
        Self.contract(name).checkEvaluationIsPure(on: makeLearnableTask(seed: 5), afterTrainingOn: [makeLearnableTask(seed: 4)])
    }

    @Test(arguments: names) func predictionIsEvaluationWithoutQueryLabels(name: String) {
        Self.contract(name).checkPrediction(on: makeLearnableTask(seed: 8))
    }

    @Test(arguments: names) func stateRoundTripsExactly(name: String) throws { try Self.contract(name).checkStateRoundTrip() }

    @Test(arguments: names) func resultsDoNotDependOnTheThreadCount(name: String) { Self.contract(name).checkThreadIndependence() }

    @Test(arguments: names) func evaluatesWithConv4AndLeavesItFrozen(name: String) { Self.contract(name).checkTrainsWithConv4() }

    /// Meta-training returns the batch's mean evaluation and changes nothing.
    @Test(arguments: FrozenHeads.learners.map(\.name)) func metaTrainOnlyEvaluates(name: String) {
        let descriptor = FrozenHeads.learners.first { $0.name == name }!
        let learner = descriptor.make(makeSmallMLPContext(descriptor, threads: 2))
        let initial = learner.initialState()
        var state = initial
        let tasks = [makeLearnableTask(seed: 1), makeLearnableTask(seed: 2)]
        let metrics = learner.metaTrain(&state, on: tasks, iteration: 0)
        #expect(metrics == TaskMetrics.mean(tasks.map { learner.evaluate($0, with: initial) }))
        for (role, parameters) in initial.parameters { #expect(state[role].isIdentical(to: parameters), "\(role)") }
        #expect(!descriptor.learnsInMetaTraining && !descriptor.usesMetaOptimizer)
    }

    /// In inference batch-norm mode a query's logits do not depend on the other queries (the features
    /// are normalised by the state's running statistics); in transductive mode they do, through the
    /// episode's batch statistics, which the support features share.
    @Test(arguments: FrozenHeads.learners.map(\.name)) func batchNormModes(name: String) {
        let descriptor = FrozenHeads.learners.first { $0.name == name }!
        var generator = SeededGenerator(seed: 41)
        func images(_ count: Int) -> Tensor {
            Tensor(shape: [count, 1, 16, 16], scalars: (0..<(count * 256)).map { _ in generator.nextUnitFloat() })
        }
        let support = images(3), query = images(3), otherQueries = images(3)
        let mixed = Tensor(shape: query.shape, scalars: Array(query.scalars.prefix(256)) + otherQueries.scalars.dropFirst(256))
        func firstQueryLogits(_ mode: BatchNormMode, _ queries: Tensor) -> [Float] {
            let learner = descriptor.make(LearnerContext(
                hyperparameters: descriptor.resolve(), ways: 3, shots: 1, queries: 1,
                makeModel: { Conv4(imageSize: 16, hiddenChannels: 4, outputs: $0) }, metaOptimizer: Adam(),
                iterations: 10, seed: 3, threads: 1, batchNorm: mode))
            var state = learner.initialState()
            if mode == .inference {
                #expect(state.parameters[BatchNormBookkeeping.role] != nil, "inference mode keeps running statistics")
                // Running statistics as pre-training leaves them: the support set's, recorded.
                let recorder = StatisticsRecorder()
                _ = Conv4(imageSize: 16, hiddenChannels: 4, outputs: 0).features(support, state.meta, normalization: .recording(recorder))
                var running = RunningStatistics()
                running.update(with: recorder.recorded)
                state.parameters[BatchNormBookkeeping.role] = running.values
            }
            let task = FewShotTask(support: support, supportLabels: [0, 1, 2], query: queries, ways: 3)
            return Array(learner.predict(task, with: state).scalars.prefix(3))
        }
        #expect(firstQueryLogits(.inference, query) == firstQueryLogits(.inference, mixed))
        #expect(firstQueryLogits(.transductive, query) != firstQueryLogits(.transductive, mixed))
    }
}
