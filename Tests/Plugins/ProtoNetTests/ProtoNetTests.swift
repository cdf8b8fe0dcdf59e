import Foundation
import Testing
import MetaLearning
import ProtoNet
import LearnerTestSupport

/// The embedding the tests use: an MLP body with 3 features and no head.
private let embedding = MLP(inputSize: 4, hiddenSizes: [5, 3], outputs: 0)

/// ProtoNet on learnable tasks with that embedding.
private func makeContext(_ values: [String: HyperparameterValue] = [:], ways: Int = 2, trainWays: Int? = nil,
                         optimizer: any Optimizer = Adam(), threads: Int = 1) -> LearnerContext {
    makeSmallMLPContext(ProtoNet.learners[0], values, ways: ways, trainWays: trainWays, hiddenSizes: [5, 3],
                        optimizer: optimizer, threads: threads)
}

@Test func prototypeLogitsEqualAHandComputation() {
    // Class 0: (0, 0) and (2, 0), prototype (1, 0). Class 1: (0, 2), prototype (0, 2).
    // Query (1, 1): distances² 1 and 2. Query (3, 0): distances² 4 and 13.
    let support = Tensor(shape: [3, 2], scalars: [0, 0, 2, 0, 0, 2])
    let query = Tensor(shape: [2, 2], scalars: [1, 1, 3, 0])
    let logits = ProtoNet.prototypeLogits(supportEmbeddings: support, supportLabels: [0, 0, 1], ways: 2, queryEmbeddings: query)
    #expect(logits.shape == [2, 2])
    #expect(logits.scalars == [-1, -2, -4, -13])
    let scaled = ProtoNet.prototypeLogits(supportEmbeddings: support, supportLabels: [0, 0, 1], ways: 2, queryEmbeddings: query,
                                          temperature: 4)
    #expect(scaled.scalars == [-0.25, -0.5, -1, -3.25])
}

@Test func theTemperatureScalesTheLearnersLogits() {
    let task = makeLearnableTask(seed: 1)
    let plainLearner = ProtoNet.learner(makeContext()), scaledLearner = ProtoNet.learner(makeContext(["temperature": .real(8)]))
    let plain = plainLearner.predict(task, with: plainLearner.initialState())
    let scaled = scaledLearner.predict(task, with: scaledLearner.initialState())
    #expect(zip(plain.scalars, scaled.scalars).allSatisfy { abs($0 / 8 - $1) <= 1e-6 * max(1, abs($0)) })
}

@Test func evaluateIsTheCrossEntropyOfPrototypeLogits() {
    let learner = ProtoNet.learner(makeContext()), state = learner.initialState()
    let task = makeLearnableTask(seed: 1)
    let meta = state.meta
    #expect(!meta.names.contains { $0.hasPrefix("head.") })
    let logits = withoutGradients {
        ProtoNet.prototypeLogits(supportEmbeddings: embedding.features(task.support, meta), supportLabels: task.supportLabels,
                                 ways: 2, queryEmbeddings: embedding.features(task.query, meta))
    }
    let metrics = learner.evaluate(task, with: state)
    // The learner embeds support and query in one batch; an MLP treats rows independently.
    #expect(abs(metrics.loss - logits.crossEntropy(labels: task.queryLabels).scalar) <= 1e-6)
    #expect(metrics.accuracy == logits.accuracy(labels: task.queryLabels))
}

@Test func trainingOnMoreWaysThanTestingWorks() {
    let learner = ProtoNet.learner(makeContext(ways: 2, trainWays: 4, optimizer: Adam(learningRate: 0.01)))
    var state = learner.initialState()
    let trainTask = makeLearnableTask(ways: 4, seed: 2)
    let first = learner.metaTrain(&state, on: [trainTask], iteration: 0)
    var last = first
    for iteration in 1..<30 { last = learner.metaTrain(&state, on: [trainTask], iteration: iteration) }
    #expect(last.loss < first.loss)
    let metrics = learner.evaluate(makeLearnableTask(ways: 2, seed: 3), with: state)
    #expect(metrics.loss.isFinite && (0...1).contains(metrics.accuracy))
}

@Test func theOptimizersScheduleSetsEachStep() {
    // SGD at rate 1 halved after every update (Snell et al.'s schedule with a period of one
    // update): the first update is the constant-rate one, the second half of it.
    let halving = ProtoNet.learner(makeContext(optimizer: SGD(learningRate: 1, schedule: .step(every: 1, factor: 0.5))))
    let plain = ProtoNet.learner(makeContext(optimizer: SGD(learningRate: 1)))
    var halvingState = halving.initialState(), plainState = plain.initialState()
    let task = makeLearnableTask(seed: 4)
    _ = halving.metaTrain(&halvingState, on: [task], iteration: 0)
    _ = plain.metaTrain(&plainState, on: [task], iteration: 0)
    let afterFirst = plainState.meta
    #expect(halvingState.meta.isIdentical(to: afterFirst))
    _ = halving.metaTrain(&halvingState, on: [task], iteration: 1)
    _ = plain.metaTrain(&plainState, on: [task], iteration: 1)
    let halfStep = afterFirst - halvingState.meta, fullStep = afterFirst - plainState.meta
    for (half, full) in zip(halfStep.tensors, fullStep.tensors) {
        for (a, b) in zip(half.scalars, full.scalars) { #expect(abs(2 * a - b) <= 1e-6) }
    }
    #expect(fullStep.norm > 0)
}

@Test func aRestoredLearnerContinuesTheSchedule() throws {
    let optimizer = Adam(learningRate: 0.01, schedule: .step(every: 2, factor: 0.5))
    let original = ProtoNet.learner(makeContext(optimizer: optimizer))
    var state = original.initialState()
    let tasks = (10..<15).map { makeLearnableTask(seed: UInt64($0)) }
    for iteration in 0..<3 { _ = original.metaTrain(&state, on: [tasks[iteration]], iteration: iteration) }
    let resumed = ProtoNet.learner(makeContext(optimizer: optimizer))
    var resumedState = try JSONDecoder().decode(LearnerState.self, from: JSONEncoder().encode(state))
    try resumedState.checkFits(resumed.initialState())
    for iteration in 3..<5 {
        #expect(resumed.metaTrain(&resumedState, on: [tasks[iteration]], iteration: iteration)
                == original.metaTrain(&state, on: [tasks[iteration]], iteration: iteration))
        #expect(resumedState.meta.isIdentical(to: state.meta))
    }
}

private let contract = LearnerContract(ProtoNet.learners[0]) { makeContext(threads: $0) }

@Test func evaluateLeavesTheLearnerUnchanged() { contract.checkEvaluationIsPure(on: makeLearnableTask(seed: 5)) }
@Test func stateRoundTripsExactly() throws { try contract.checkStateRoundTrip() }
@Test func resultsDoNotDependOnTheThreadCount() { contract.checkThreadIndependence() }
@Test func trainsAndEvaluatesWithConv4() { contract.checkTrainsWithConv4() }
@Test func trainsAndEvaluatesWithResNet12() { contract.checkTrainsWithResNet12() }
@Test func batchNormModes() throws { try contract.checkBatchNormModes() }

/// Meta-Baseline's rule: prototypes (1, 0) and (0, 2); query (1, 1) has cosines 1/√2 and 1/√2,
/// query (3, 0) has 1 and 0; times the scale 10.
@Test func cosinePrototypeLogitsEqualAHandComputation() {
    let support = Tensor(shape: [3, 2], scalars: [0, 0, 2, 0, 0, 2])
    let query = Tensor(shape: [2, 2], scalars: [1, 1, 3, 0])
    let logits = ProtoNet.cosinePrototypeLogits(
        supportEmbeddings: support, supportLabels: [0, 0, 1], ways: 2, queryEmbeddings: query,
        scale: Tensor(shape: [1], scalars: [10]))
    let r = 10 / Float(2).squareRoot()
    #expect(zip(logits.scalars, [r, r, 10, 0]).allSatisfy { abs($0 - $1) < 1e-5 }, "\(logits.scalars)")
}

/// The cosine rule's first and second derivatives (embeddings and the learned scale) against finite differences.
@Test func cosinePrototypeLossDerivativesMatchFiniteDifferences() {
    var generator = SeededGenerator(seed: 3)
    func random(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextNormal()) })
    }
    let inputs = [random([4, 5]), random([3, 5]), Tensor(shape: [1], scalars: [4])]
    let errors = lossDerivativeErrors(at: inputs) { xs in
        ProtoNet.cosinePrototypeLogits(
            supportEmbeddings: xs[0], supportLabels: [0, 1, 0, 1], ways: 2, queryEmbeddings: xs[1], scale: xs[2]
        ).crossEntropy(labels: [0, 1, 1])
    }
    #expect(errors.firstOrder < 2e-3 && errors.secondOrder < 2e-3, "\(errors)")
}

/// With the cosine metric the learned scale is part of the state, starts at `scale`, and training moves it.
@Test func theCosineMetricLearnsItsScale() {
    let context = makeContext(["metric": .text("cosine"), "scale": .real(7)])
    let learner = ProtoNet.learners[0].make(context)
    var state = learner.initialState()
    #expect(state[MetricLearner.ruleRole].require("scale").scalars == [7])
    let tasks = (0..<2).map { makeLearnableTask(seed: UInt64($0)) }
    _ = learner.metaTrain(&state, on: tasks, iteration: 0)
    #expect(state[MetricLearner.ruleRole].require("scale").scalars != [7])
}

/// Unequal shots: each prototype is its class's mean however many images it has (computed here in
/// Double), the support set's order does not matter, and duplicating one class's image moves only
/// that class's column.
@Test func unbalancedSupportSetsGivePerClassMeans() {
    let episode = UnbalancedEmbeddings(seed: 60)
    let logits = ProtoNet.prototypeLogits(supportEmbeddings: episode.support, supportLabels: episode.labels, ways: 3,
                                          queryEmbeddings: episode.query)
    let rows = episode.support.scalars.map(Double.init), queries = episode.query.scalars.map(Double.init)
    for query in 0..<4 {
        for label in 0..<3 {
            let members = episode.labels.indices.filter { episode.labels[$0] == label }
            var distance = 0.0
            for feature in 0..<4 {
                let mean = members.map { rows[$0 * 4 + feature] }.reduce(0, +) / Double(members.count)
                let gap: Double = queries[query * 4 + feature] - mean
                distance += gap * gap
            }
            #expect(abs(Double(logits.scalars[query * 3 + label]) + distance) <= 1e-5 * max(1, distance))
        }
    }
    let reordered = ProtoNet.prototypeLogits(supportEmbeddings: episode.reorderedSupport, supportLabels: episode.reorderedLabels,
                                             ways: 3, queryEmbeddings: episode.query)
    #expect(relativeDistance(reordered, logits) <= 1e-6)
    // The cosine metric compares with the same means: scale × cos(query, class mean).
    let means = Tensor(shape: [3, 4], scalars: (0..<3).flatMap { label in
        let members = episode.labels.indices.filter { episode.labels[$0] == label }
        return (0..<4).map { feature in Float(members.map { rows[$0 * 4 + feature] }.reduce(0, +) / Double(members.count)) }
    })
    let cosine = ProtoNet.cosinePrototypeLogits(supportEmbeddings: episode.reorderedSupport, supportLabels: episode.reorderedLabels,
                                                ways: 3, queryEmbeddings: episode.query, scale: Tensor(shape: [1], scalars: [10]))
    #expect(relativeDistance(cosine, episode.query.cosineSimilarities(to: means) * 10) <= 1e-5)
    // Class 1's only image twice: its prototype, and so every column, stays; class 0's first image twice moves column 0 only.
    for (row, movedColumn) in [(2, nil), (0, 0)] as [(Int, Int?)] {
        let duplicated = ProtoNet.prototypeLogits(
            supportEmbeddings: Tensor.concatenate([episode.support, episode.support.gatheringRows([row])]),
            supportLabels: episode.labels + [episode.labels[row]], ways: 3, queryEmbeddings: episode.query)
        for (index, (before, after)) in zip(logits.scalars, duplicated.scalars).enumerated() {
            let moved = abs(before - after) > 1e-5 * max(1, abs(before))
            #expect(moved == (index % 3 == movedColumn), "row \(row) duplicated: logit \(index) \(before) → \(after)")
        }
    }
}
