import Foundation
import Testing
import MetaLearning
import NearestCentroid

private func context(threads: Int = 1) -> LearnerContext {
    LearnerContext(hyperparameters: NearestCentroid.learners[0].resolve(), ways: 2, shots: 2, queries: 1,
                   makeModel: { MLP(inputSize: 2, outputs: $0) }, metaOptimizer: Adam(),
                   iterations: 10, seed: 1, threads: threads)
}

/// 1×1×2 images. Class 0: (0, 0) and (2, 0), mean (1, 0); class 1: (0, 2).
/// Query (1, 1) of class 0: squared distances 1 and 2, right. Query (3, 0) labelled 1:
/// distances 4 and 13, predicted 0, wrong.
private let task = FewShotTask(support: Tensor(shape: [3, 1, 1, 2], scalars: [0, 0, 2, 0, 0, 2]), supportLabels: [0, 0, 1],
                               query: Tensor(shape: [2, 1, 1, 2], scalars: [1, 1, 3, 0]), queryLabels: [0, 1], ways: 2)

@Test func classifiesByTheNearestClassMean() {
    let learner = NearestCentroid(context())
    let metrics = learner.evaluate(task, with: learner.initialState())
    #expect(metrics.accuracy == 0.5)
    // Cross-entropy of logits (−1, −2) at label 0 and (−4, −13) at label 1.
    let expected = (log(1 + exp(-1.0)) + (9 + log(1 + exp(-9.0)))) / 2
    #expect(abs(Double(metrics.loss) - expected) <= 1e-5)
}

@Test func metaTrainOnlyEvaluates() throws {
    let learner = NearestCentroid(context(threads: 2))
    var state = learner.initialState()
    #expect(learner.metaTrain(&state, on: [task, task], iteration: 0) == learner.evaluate(task, with: state))
    try state.checkFits(NearestCentroid(context()).initialState())
    #expect(state.meta.names.isEmpty)
}
