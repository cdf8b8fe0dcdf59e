import Foundation
import Testing
import MetaLearning
import FrozenHeads

/// An identity body: an MLP without hidden layers passes its 2 pixels through as features.
private func identityContext(_ descriptor: LearnerDescriptor, _ values: [String: HyperparameterValue] = [:]) -> LearnerContext {
    LearnerContext(hyperparameters: descriptor.resolve(values), ways: 2, shots: 2, queries: 1,
                   makeModel: { MLP(inputSize: 2, hiddenSizes: [], outputs: $0) }, metaOptimizer: Adam(),
                   iterations: 0, seed: 1, threads: 1)
}

/// Base mean (1, 1). Class 0: (2, 1) and (1, 3), centred (1, 0) and (0, 2), normalised (1, 0) and
/// (0, 1), centroid (0.5, 0.5). Class 1: (0, 1), centred (−1, 0), centroid (−1, 0).
/// Query (1, 0): centred and normalised (0, −1), squared distances 2.5 and 2.
/// Query (4, 5): (3, 4) normalised (0.6, 0.8), squared distances 0.1 and 3.2.
private let task = FewShotTask(support: Tensor(shape: [3, 1, 1, 2], scalars: [2, 1, 1, 3, 0, 1]), supportLabels: [0, 0, 1],
                               query: Tensor(shape: [2, 1, 1, 2], scalars: [1, 0, 4, 5]), queryLabels: [1, 0], ways: 2)

@Test func simpleShotLogitsEqualAHandComputation() {
    let learner = SimpleShot(identityContext(SimpleShot.descriptor))
    var state = learner.initialState()
    state.parameters[BaseFeatureMean.role] = Parameters([(BaseFeatureMean.name, Tensor(shape: [2], scalars: [1, 1]))])
    let logits = learner.predict(task, with: state)
    #expect(logits.shape == [2, 2])
    for (actual, expected) in zip(logits.scalars, [-2.5, -2, -0.1, -3.2] as [Float]) { #expect(abs(actual - expected) <= 1e-6) }
    #expect(learner.evaluate(task, with: state).accuracy == 1)
}

@Test func aZeroBaseMeanIsL2Normalisation() {
    // Without centring: class 0 normalises (2, 1) and (1, 3); class 1 is (0, 1).
    let learner = SimpleShot(identityContext(SimpleShot.descriptor))
    let state = learner.initialState()
    #expect(state[BaseFeatureMean.role].require(BaseFeatureMean.name).scalars == [0, 0])
    let (a, b) = ([2, 1] as [Double], [1, 3] as [Double])
    let centroid = zip(a.map { $0 / sqrt(5) }, b.map { $0 / sqrt(10) }).map { ($0 + $1) / 2 }
    func logits(_ query: [Double]) -> [Double] {
        let norm = sqrt(query[0] * query[0] + query[1] * query[1]), q = query.map { $0 / norm }
        return [centroid, [0, 1]].map { c in -((q[0] - c[0]) * (q[0] - c[0]) + (q[1] - c[1]) * (q[1] - c[1])) }
    }
    let expected = logits([1, 0]) + logits([4, 5])
    for (actual, value) in zip(learner.predict(task, with: state).scalars, expected) { #expect(abs(Double(actual) - value) <= 1e-6) }
}

@Test func theBaseMeanIsPartOfTheCheckpoint() throws {
    let learner = SimpleShot(identityContext(SimpleShot.descriptor))
    let state = learner.initialState()
    #expect(state[BaseFeatureMean.role].names == [BaseFeatureMean.name])
    #expect(state[BaseFeatureMean.role].tensors[0].shape == [2])
    var withoutMean = state
    withoutMean.parameters[BaseFeatureMean.role] = nil
    #expect(throws: LearnerStateError.self) { try withoutMean.checkFits(learner.initialState()) }
    // The body's parameters are the model body's, under meta.
    #expect(state.meta.names == MLP(inputSize: 2, hiddenSizes: [], outputs: 0).parameterShapes.map(\.name))
}
