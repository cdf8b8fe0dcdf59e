import Foundation
import MetaLearning
import Testing

/// What every `Learner` promises, checked for one learner: evaluation changes nothing, prediction
/// is evaluation's adaptation without the query labels, a state encoded and decoded continues
/// exactly, results do not depend on the thread count, and it trains on Conv4.
/// Each check records its failures in the test that calls it, at the call.
public struct LearnerContract: Sendable {
    /// The learner under test, built as the registry builds it.
    public let descriptor: LearnerDescriptor
    /// The parameter roles of the learner's state ("meta", "learningRates"); each is compared bit for bit.
    public let roles: [String]
    /// A small context for the learner that runs meta-batches on `threads` threads.
    public let context: @Sendable (_ threads: Int) -> LearnerContext

    /// A contract for `descriptor`'s learner in the contexts `context` builds.
    public init(_ descriptor: LearnerDescriptor, roles: [String] = ["meta"],
                context: @escaping @Sendable (_ threads: Int) -> LearnerContext) {
        self.descriptor = descriptor
        self.roles = roles
        self.context = context
    }

    /// `evaluate(task)` changes nothing the learner keeps: after one meta-training step on
    /// `training` (none when empty), evaluating twice gives the same metrics, and the next
    /// meta-training step is bit for bit the one taken without the evaluations.
    public func checkEvaluationIsPure(on task: FewShotTask, afterTrainingOn training: [FewShotTask] = [],
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        let learner = descriptor.make(context(1)), untouched = descriptor.make(context(1))
        var state = learner.initialState(), control = untouched.initialState()
        if !training.isEmpty {
            _ = learner.metaTrain(&state, on: training, iteration: 0)
            _ = untouched.metaTrain(&control, on: training, iteration: 0)
        }
        let first = learner.evaluate(task, with: state)
        #expect(learner.evaluate(task, with: state) == first, "a second evaluate differs", sourceLocation: sourceLocation)
        let next = training.isEmpty ? [task] : training
        _ = learner.metaTrain(&state, on: next, iteration: 1)
        _ = untouched.metaTrain(&control, on: next, iteration: 1)
        expectIdenticalParameters(state, control, "after evaluate and a meta-training step", sourceLocation)
    }

    /// `predict(task)` gives one row of at least `task.ways` logits per query, the same whatever the
    /// query labels say, and `evaluate(task)` scores exactly those logits. A learner that accepts
    /// unequal shots predicts finite logits for a support set of 1 and 2 images.
    public func checkPrediction(on task: FewShotTask, sourceLocation: SourceLocation = #_sourceLocation) {
        let learner = descriptor.make(context(1)), state = learner.initialState()
        let logits = learner.predict(task, with: state)
        #expect(logits.rank == 2 && logits.shape[0] == task.queryLabels.count && logits.shape[1] >= task.ways,
                "predict's logits have shape \(logits.shape) for \(task.queryLabels.count) queries of \(task.ways) classes",
                sourceLocation: sourceLocation)
        let unlabelled = FewShotTask(support: task.support, supportLabels: task.supportLabels, query: task.query, ways: task.ways)
        #expect(learner.predict(unlabelled, with: state).isIdentical(to: logits), "predict depends on the query labels",
                sourceLocation: sourceLocation)
        #expect(learner.evaluate(task, with: state) == task.queryMetrics { logits }, "evaluate scores other logits than predict's",
                sourceLocation: sourceLocation)
        guard descriptor.acceptsUnequalShots, task.supportLabels == [0, 0, 1, 1] else { return }
        let rows = [0, 2, 3]   // one image of label 0, two of label 1
        let unequal = FewShotTask(support: task.support.gatheringRows(rows), supportLabels: rows.map { task.supportLabels[$0] },
                                  query: task.query, ways: task.ways)
        #expect(learner.predict(unequal, with: state).scalars.allSatisfy { $0.isFinite }, "predict with unequal shots", sourceLocation: sourceLocation)
    }

    /// A state after two meta-training steps on `tasks`, encoded as a checkpoint encodes it and
    /// decoded, fits a fresh learner and gives it the same evaluation, the same next step (the
    /// optimizer state came along) and identical parameters.
    public func checkStateRoundTrip(tasks: [FewShotTask] = (0..<3).map { makeLearnableTask(seed: 20 + UInt64($0)) },
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let trained = descriptor.make(context(1))
        var state = trained.initialState()
        _ = trained.metaTrain(&state, on: tasks, iteration: 0)
        _ = trained.metaTrain(&state, on: tasks, iteration: 1)
        let fresh = descriptor.make(context(1))
        var restored = try JSONDecoder().decode(LearnerState.self, from: JSONEncoder().encode(state))
        try restored.checkFits(fresh.initialState())
        #expect(fresh.evaluate(tasks[0], with: restored) == trained.evaluate(tasks[0], with: state), "evaluation after restore",
                sourceLocation: sourceLocation)
        #expect(fresh.metaTrain(&restored, on: tasks, iteration: 2) == trained.metaTrain(&state, on: tasks, iteration: 2),
                "next meta-training step after restore", sourceLocation: sourceLocation)
        expectIdenticalParameters(restored, state, "after that step", sourceLocation)
    }

    /// Meta-training steps on `tasks` at iteration 0 and at a later one (where schedules, annealing
    /// and per-iteration noise no longer sit at their starting values) with one thread and with two
    /// give the same metrics and identical parameters.
    public func checkThreadIndependence(tasks: [FewShotTask] = (0..<3).map { makeLearnableTask(seed: 30 + UInt64($0)) },
                                        sourceLocation: SourceLocation = #_sourceLocation) {
        let serial = descriptor.make(context(1)), parallel = descriptor.make(context(2))
        var serialState = serial.initialState(), parallelState = parallel.initialState()
        for iteration in [0, 7] {
            #expect(serial.metaTrain(&serialState, on: tasks, iteration: iteration)
                        == parallel.metaTrain(&parallelState, on: tasks, iteration: iteration),
                    "meta-training metrics with 1 and 2 threads at iteration \(iteration)", sourceLocation: sourceLocation)
            expectIdenticalParameters(serialState, parallelState, "with 1 and 2 threads at iteration \(iteration)", sourceLocation)
        }
    }

    /// On the real architecture (narrow): batch-normalised convolutions on 28×28 images, 3-way 1-shot,
    /// with default hyperparameters, a meta-training step and an evaluation give finite losses and
    /// move the meta-parameters (if it has any: a baseline may learn nothing) to finite values; a
    /// learner that does not learn in meta-training (a head on frozen features) leaves every
    /// parameter set of its state as it was.
    public func checkTrainsWithConv4(sourceLocation: SourceLocation = #_sourceLocation) {
        var generator = SeededGenerator(seed: 40)
        func images(_ count: Int) -> Tensor {
            Tensor(shape: [count, 1, 28, 28], scalars: (0..<(count * 784)).map { _ in generator.nextUnitFloat() })
        }
        let task = FewShotTask(support: images(3), supportLabels: [0, 1, 2], query: images(6), queryLabels: [0, 0, 1, 1, 2, 2], ways: 3)
        let context = LearnerContext(hyperparameters: descriptor.resolve(), ways: 3, shots: 1, queries: 2,
                                     makeModel: { Conv4(hiddenChannels: 4, outputs: $0) }, metaOptimizer: Adam(),
                                     iterations: 10, seed: 3, threads: 2)
        let learner = descriptor.make(context)
        var state = learner.initialState()
        let before = state.meta
        let training = learner.metaTrain(&state, on: [task, task], iteration: 0)
        let evaluation = learner.evaluate(task, with: state)
        #expect(training.loss.isFinite && evaluation.loss.isFinite, "Conv4 losses", sourceLocation: sourceLocation)
        #expect(state.meta.isFinite, "Conv4 meta-parameters finite", sourceLocation: sourceLocation)
        guard descriptor.learnsInMetaTraining else {
            let initial = learner.initialState()
            #expect(state.parameters.keys.sorted() == initial.parameters.keys.sorted()
                        && initial.parameters.allSatisfy { state.parameters[$0.key]!.isIdentical(to: $0.value) },
                    "Conv4: meta-training changed the state of a learner that does not learn in it",
                    sourceLocation: sourceLocation)
            return
        }
        #expect(before.names.isEmpty || !state.meta.isIdentical(to: before), "Conv4 meta-parameters moved",
                sourceLocation: sourceLocation)
    }

    /// Two meta-iterations of ResNet-12 (narrow widths, DropBlock on) on a 3-way 1-shot task of
    /// 84×84 RGB images: finite losses and finite meta-parameters that moved; DropBlock changes
    /// meta-training, draws the same masks on 1 and 2 threads, and is off at evaluation.
    public func checkTrainsWithResNet12(sourceLocation: SourceLocation = #_sourceLocation) {
        var generator = SeededGenerator(seed: 41)
        func images(_ count: Int) -> Tensor {
            Tensor(shape: [count, 3, 84, 84], scalars: (0..<(count * 3 * 84 * 84)).map { _ in generator.nextUnitFloat() })
        }
        let task = FewShotTask(support: images(3), supportLabels: [0, 1, 2], query: images(6), queryLabels: [0, 0, 1, 1, 2, 2], ways: 3)
        func make(dropBlock: DropBlock?, threads: Int) -> any Learner {
            descriptor.make(LearnerContext(hyperparameters: descriptor.resolve(), ways: 3, shots: 1, queries: 2,
                                           makeModel: { ResNet12(widths: [4, 6, 8, 8], dropBlock: dropBlock, outputs: $0) },
                                           metaOptimizer: Adam(learningRate: 0.01), iterations: 10, seed: 3, threads: threads))
        }
        let dropBlock = DropBlock(blockSize: 3, rate: 0.3)
        let learner = make(dropBlock: dropBlock, threads: 2)
        var state = learner.initialState()
        let before = state.meta
        let first = learner.metaTrain(&state, on: [task, task], iteration: 0)
        let second = learner.metaTrain(&state, on: [task, task], iteration: 1)
        let evaluation = learner.evaluate(task, with: state)
        #expect(first.loss.isFinite && second.loss.isFinite && evaluation.loss.isFinite, "ResNet-12 losses",
                sourceLocation: sourceLocation)
        #expect(state.meta.isFinite, "ResNet-12 meta-parameters finite", sourceLocation: sourceLocation)
        #expect(!state.meta.isIdentical(to: before), "ResNet-12 meta-parameters moved", sourceLocation: sourceLocation)
        // DropBlock acts in meta-training, draws the same masks on 1 and 2 threads, and never in evaluation.
        let withoutDropBlock = make(dropBlock: nil, threads: 2), oneThread = make(dropBlock: dropBlock, threads: 1)
        var withoutState = withoutDropBlock.initialState(), oneThreadState = oneThread.initialState()
        #expect(withoutDropBlock.metaTrain(&withoutState, on: [task, task], iteration: 0).loss != first.loss,
                "DropBlock does not change the meta-training loss", sourceLocation: sourceLocation)
        _ = oneThread.metaTrain(&oneThreadState, on: [task, task], iteration: 0)
        _ = oneThread.metaTrain(&oneThreadState, on: [task, task], iteration: 1)
        #expect(oneThreadState.meta.isIdentical(to: state.meta), "DropBlock's masks depend on the thread count",
                sourceLocation: sourceLocation)
        #expect(withoutDropBlock.evaluate(task, with: state) == learner.evaluate(task, with: state), "evaluation draws DropBlock masks",
                sourceLocation: sourceLocation)
    }

    /// Batch-norm modes on a narrow Conv-4 after two meta-training steps: in `inference` mode a query's
    /// logits do not depend on the other queries of its episode, and the running statistics travel
    /// in the state (a restored learner predicts the same); in `transductive` mode they do depend.
    /// For a learner that adapts to the support set, `adaptation` gives its adapted parameters: in
    /// `inference` mode they must equal a transductive learner's restored from the same state, since
    /// the support set is normalised by its own statistics at evaluation, as in meta-training.
    public func checkBatchNormModes(adaptation: ((any Learner, LearnerState, FewShotTask) -> Parameters)? = nil,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        var generator = SeededGenerator(seed: 41)
        func images(_ count: Int) -> Tensor {
            Tensor(shape: [count, 1, 16, 16], scalars: (0..<(count * 256)).map { _ in generator.nextUnitFloat() })
        }
        let support = images(3), query = images(3), otherQueries = images(3)
        let training = FewShotTask(support: support, supportLabels: [0, 1, 2], query: images(3), queryLabels: [0, 1, 2], ways: 3)
        let mixed = Tensor(shape: query.shape, scalars: Array(query.scalars.prefix(256)) + otherQueries.scalars.dropFirst(256))
        func firstQueryLogits(_ learner: any Learner, _ state: LearnerState, _ queries: Tensor) -> [Float] {
            let task = FewShotTask(support: support, supportLabels: [0, 1, 2], query: queries, queryLabels: [0, 1, 2], ways: 3)
            return Array(learner.predict(task, with: state).scalars.prefix(3))
        }
        func make(_ mode: BatchNormMode) -> any Learner {
            descriptor.make(LearnerContext(hyperparameters: descriptor.resolve(), ways: 3, shots: 1, queries: 1,
                                           makeModel: { Conv4(imageSize: 16, hiddenChannels: 4, outputs: $0) },
                                           metaOptimizer: Adam(), iterations: 10, seed: 3, threads: 2, batchNorm: mode))
        }
        let inference = make(.inference), transductive = make(.transductive)
        var inferenceState = inference.initialState(), transductiveState = transductive.initialState()
        for iteration in 0..<2 {
            _ = inference.metaTrain(&inferenceState, on: [training, training], iteration: iteration)
            _ = transductive.metaTrain(&transductiveState, on: [training, training], iteration: iteration)
        }
        #expect(firstQueryLogits(inference, inferenceState, query) == firstQueryLogits(inference, inferenceState, mixed),
                "inference mode: a query's logits depend on the other queries", sourceLocation: sourceLocation)
        #expect(firstQueryLogits(transductive, transductiveState, query) != firstQueryLogits(transductive, transductiveState, mixed),
                "transductive mode: a query's logits ignore the other queries", sourceLocation: sourceLocation)
        func runningStatistics(_ state: LearnerState) -> [Parameters] {
            state.parameters.filter { $0.key.hasPrefix(BatchNormBookkeeping.role) }.map(\.value)
        }
        #expect(!runningStatistics(inferenceState).isEmpty
                    && runningStatistics(inferenceState).allSatisfy { $0.names.first == "block1.norm.mean" },
                "inference mode saves running statistics", sourceLocation: sourceLocation)
        let restored = make(.inference)
        let decoded = try JSONDecoder().decode(LearnerState.self, from: JSONEncoder().encode(inferenceState))
        try decoded.checkFits(restored.initialState())
        #expect(firstQueryLogits(restored, decoded, query) == firstQueryLogits(inference, inferenceState, query),
                "a restored learner predicts with the saved running statistics", sourceLocation: sourceLocation)
        #expect(runningStatistics(transductiveState).isEmpty, "transductive mode keeps no running statistics",
                sourceLocation: sourceLocation)
        guard let adaptation else { return }
        let sameMeta = make(.transductive)
        let task = FewShotTask(support: support, supportLabels: [0, 1, 2], query: query, queryLabels: [0, 1, 2], ways: 3)
        #expect(adaptation(inference, inferenceState, task).isIdentical(to: adaptation(sameMeta, inferenceState, task)),
                "inference mode: evaluation adapts with other statistics than the support set's", sourceLocation: sourceLocation)
    }

    /// `acceptsTrainWays` says whether the learner has no fixed-size head, and one that has none takes
    /// episodes as Meta-Dataset draws them. Built for 2-way tests and 3-way training on a small MLP,
    /// a learner gives one logit column per class of a 2-way task exactly when it says so (a fixed
    /// head gives its 3). One without a fixed head then predicts `task.ways` finite columns for tasks
    /// of 2, 3 and 4 ways with unequal shots, and meta-trains on a batch mixing them to finite metrics
    /// and parameters, the same on 1 and 2 threads.
    public func checkVariableWays(sourceLocation: SourceLocation = #_sourceLocation) {
        func make(threads: Int) -> any Learner {
            descriptor.make(LearnerContext(hyperparameters: descriptor.resolve(), ways: 2, trainWays: 3, shots: 2, queries: 2,
                                           makeModel: { MLP(inputSize: 4, hiddenSizes: [5], outputs: $0) },
                                           metaOptimizer: Adam(), iterations: 10, seed: 3, threads: threads))
        }
        let learner = make(threads: 1)
        var state = learner.initialState()
        let columns = learner.predict(makeLearnableTask(seed: 50), with: state).shape[1]
        #expect((columns == 2) == descriptor.acceptsTrainWays,
                "acceptsTrainWays is \(descriptor.acceptsTrainWays) but a 2-way task gets \(columns) logit columns after 3-way training",
                sourceLocation: sourceLocation)
        guard descriptor.acceptsTrainWays else { return }
        let tasks = [makeUnbalancedTask(shots: [1, 3], seed: 51), makeUnbalancedTask(shots: [2, 1, 4], seed: 52),
                     makeUnbalancedTask(shots: [1, 2, 1, 3], queries: 1, seed: 53)]
        for task in tasks {
            let logits = learner.predict(task, with: state)
            #expect(logits.shape == [task.queryLabels.count, task.ways] && logits.scalars.allSatisfy(\.isFinite),
                    "predict on \(task.ways) ways with support labels \(task.supportLabels): logits of shape \(logits.shape)",
                    sourceLocation: sourceLocation)
        }
        let serial = learner.metaTrain(&state, on: tasks, iteration: 0)
        let parallel = make(threads: 2)
        var parallelState = parallel.initialState()
        #expect(serial == parallel.metaTrain(&parallelState, on: tasks, iteration: 0) && serial.loss.isFinite,
                "meta-training on episodes of 2, 3 and 4 ways: \(serial) on 1 thread", sourceLocation: sourceLocation)
        #expect(state.parameters.allSatisfy { role, parameters in
                    parameters.isFinite && parallelState.parameters[role].map(parameters.isIdentical) == true },
                "parameters after meta-training on episodes of 2, 3 and 4 ways", sourceLocation: sourceLocation)
    }

    /// Expects each role's parameters in `actual` to be bit for bit those in `expected`; `when` names the moment.
    private func expectIdenticalParameters(_ actual: LearnerState, _ expected: LearnerState, _ when: String,
                                           _ sourceLocation: SourceLocation) {
        for role in roles {
            guard let actualParameters = actual.parameters[role], let expectedParameters = expected.parameters[role] else {
                Issue.record("the state has no '\(role)' parameters", sourceLocation: sourceLocation)
                continue
            }
            #expect(actualParameters.isIdentical(to: expectedParameters), "'\(role)' parameters differ \(when)",
                    sourceLocation: sourceLocation)
        }
    }
}
