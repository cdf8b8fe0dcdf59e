import Testing
import MetaLearning
import ProtoNet

@Test func prototypeLogitsEqualAHandComputation() {
    // Class 0: (0, 0) and (2, 0), prototype (1, 0). Class 1: (0, 2), prototype (0, 2).
    // Query (1, 1): distances² 1 and 2. Query (3, 0): distances² 4 and 13.
    let support = Tensor(shape: [3, 2], scalars: [0, 0, 2, 0, 0, 2])
    let query = Tensor(shape: [2, 2], scalars: [1, 1, 3, 0])
    let logits = ProtoNet.prototypeLogits(supportEmbeddings: support, supportLabels: [0, 0, 1], ways: 2, queryEmbeddings: query)
    #expect(logits.shape == [2, 2])
    #expect(logits.scalars == [-1, -2, -4, -13])
}

@Test func evaluateIsTheCrossEntropyOfPrototypeLogits() {
    let learner = ProtoNet(makeContext())
    let task = makeTask(seed: 1)
    let meta = learner.state.parameters["meta"]!
    #expect(!meta.names.contains { $0.hasPrefix("head.") })
    let logits = withoutGradients {
        ProtoNet.prototypeLogits(supportEmbeddings: embedding.features(task.support, meta), supportLabels: task.supportLabels,
                                 ways: 2, queryEmbeddings: embedding.features(task.query, meta))
    }
    let metrics = learner.evaluate(task)
    // The learner embeds support and query in one batch; an MLP treats rows independently.
    #expect(abs(metrics.loss - logits.crossEntropy(labels: task.queryLabels).scalar) <= 1e-6)
    #expect(metrics.accuracy == logits.accuracy(labels: task.queryLabels))
}

@Test func trainingOnMoreWaysThanTestingWorks() {
    let learner = ProtoNet(makeContext(["lrHalvingInterval": .integer(0)], ways: 2, trainWays: 4,
                                       optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01)))
    let trainTask = makeTask(ways: 4, seed: 2)
    let first = learner.metaTrain(on: [trainTask], iteration: 0)
    var last = first
    for iteration in 1..<30 { last = learner.metaTrain(on: [trainTask], iteration: iteration) }
    #expect(last.loss < first.loss)
    let metrics = learner.evaluate(makeTask(ways: 2, seed: 3))
    #expect(metrics.loss.isFinite && (0...1).contains(metrics.accuracy))
}

@Test func learningRateHalvesEveryInterval() {
    #expect(ProtoNet.learningRate(base: 1e-3, iteration: 0, halvingInterval: 2000) == 1e-3)
    #expect(ProtoNet.learningRate(base: 1e-3, iteration: 1999, halvingInterval: 2000) == 1e-3)
    #expect(ProtoNet.learningRate(base: 1e-3, iteration: 2000, halvingInterval: 2000) == 5e-4)
    #expect(ProtoNet.learningRate(base: 1e-3, iteration: 6500, halvingInterval: 2000) == 1.25e-4)
    #expect(ProtoNet.learningRate(base: 1e-3, iteration: 6500, halvingInterval: 0) == 1e-3)
}

@Test func halvingReachesTheOptimizer() {
    // With SGD at rate 1 and halving every iteration, the second step is half the plain one.
    let sgd = OptimizerSettings(kind: .sgd, learningRate: 1)
    let halving = ProtoNet(makeContext(["lrHalvingInterval": .integer(1)], optimizer: sgd))
    let plain = ProtoNet(makeContext(["lrHalvingInterval": .integer(0)], optimizer: sgd))
    let task = makeTask(seed: 4)
    let before = plain.state.parameters["meta"]!
    _ = halving.metaTrain(on: [task], iteration: 1)
    _ = plain.metaTrain(on: [task], iteration: 1)
    let halfStep = before - halving.state.parameters["meta"]!, fullStep = before - plain.state.parameters["meta"]!
    for (half, full) in zip(halfStep.tensors, fullStep.tensors) {
        for (a, b) in zip(half.scalars, full.scalars) { #expect(abs(2 * a - b) <= 1e-6) }
    }
    #expect(fullStep.norm > 0)
}

@Test func evaluateLeavesTheLearnerUnchanged() {
    let learner = ProtoNet(makeContext())
    let before = learner.state.parameters["meta"]!
    _ = learner.evaluate(makeTask(seed: 5))
    #expect(learner.state.parameters["meta"]!.isIdentical(to: before))
}

@Test func stateRoundTripsExactly() throws {
    let tasks = (0..<3).map { makeTask(seed: 20 + UInt64($0)) }
    let trained = ProtoNet(makeContext())
    _ = trained.metaTrain(on: tasks, iteration: 0)
    _ = trained.metaTrain(on: tasks, iteration: 1)
    let restored = ProtoNet(makeContext())
    try restored.restore(trained.state)
    #expect(restored.evaluate(tasks[0]) == trained.evaluate(tasks[0]))
    #expect(restored.metaTrain(on: tasks, iteration: 2) == trained.metaTrain(on: tasks, iteration: 2))
    #expect(restored.state.parameters["meta"]!.isIdentical(to: trained.state.parameters["meta"]!))
}

@Test func resultsDoNotDependOnTheThreadCount() {
    let tasks = (0..<3).map { makeTask(seed: 30 + UInt64($0)) }
    let serial = ProtoNet(makeContext(threads: 1)), parallel = ProtoNet(makeContext(threads: 2))
    #expect(serial.metaTrain(on: tasks, iteration: 0) == parallel.metaTrain(on: tasks, iteration: 0))
    #expect(serial.state.parameters["meta"]!.isIdentical(to: parallel.state.parameters["meta"]!))
}

@Test func trainsAndEvaluatesWithConv4() {
    // The real architecture (narrow): batch-normalised convolutions on 28×28 images, 3-way 1-shot.
    var generator = SeededGenerator(seed: 40)
    func images(_ count: Int) -> Tensor {
        Tensor(shape: [count, 1, 28, 28], scalars: (0..<(count * 784)).map { _ in generator.nextUnitFloat() })
    }
    let task = FewShotTask(support: images(3), supportLabels: [0, 1, 2], query: images(6), queryLabels: [0, 0, 1, 1, 2, 2], ways: 3)
    let context = LearnerContext(hyperparameters: ProtoNet.learners[0].resolve(), ways: 3, shots: 1, queries: 2,
                                 makeModel: { Conv4(hiddenChannels: 4, outputs: $0) }, metaOptimizer: OptimizerSettings(),
                                 iterations: 10, seed: 3, threads: 2)
    let learner = ProtoNet(context)
    let before = learner.state.parameters["meta"]!
    let training = learner.metaTrain(on: [task, task], iteration: 0)
    let evaluation = learner.evaluate(task)
    #expect(training.loss.isFinite && evaluation.loss.isFinite)
    #expect(learner.state.parameters["meta"]!.isFinite)
    #expect(!learner.state.parameters["meta"]!.isIdentical(to: before))
}
