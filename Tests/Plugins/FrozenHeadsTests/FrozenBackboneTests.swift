import Foundation
import Testing
import MetaLearning
import FrozenHeads

/// 5-way episodes of 1×4×4 "images": each class a random pattern, each image the pattern plus noise
/// of a third of its scale; 15 queries per class.
private func episode(shots: Int, seed: UInt64) -> FewShotTask {
    var generator = SeededGenerator(seed: seed)
    let patterns = (0..<5).map { _ in (0..<16).map { _ in Float(generator.nextNormal()) } }
    func images(_ perClass: Int) -> (Tensor, [Int]) {
        let labels = (0..<5).flatMap { Array(repeating: $0, count: perClass) }
        let scalars = labels.flatMap { patterns[$0].map { $0 + Float(generator.nextNormal()) / 3 } }
        return (Tensor(shape: [labels.count, 1, 4, 4], scalars: scalars), labels)
    }
    let (support, supportLabels) = images(shots), (query, queryLabels) = images(15)
    return FewShotTask(support: support, supportLabels: supportLabels, query: query, queryLabels: queryLabels, ways: 5)
}

/// Every head on a frozen, randomly initialised MLP body (16 → 64 → 32, ReLU) classifies 20 such
/// 5-way 1-shot and 5-shot episodes far above chance (0.2).
@Test(arguments: FrozenHeads.learners.map(\.name), [1, 5]) func eachHeadBeatsChanceOnARandomFrozenBody(name: String, shots: Int) {
    let descriptor = FrozenHeads.learners.first { $0.name == name }!
    let learner = descriptor.make(LearnerContext(
        hyperparameters: descriptor.resolve(), ways: 5, shots: shots, queries: 15,
        makeModel: { MLP(inputSize: 16, hiddenSizes: [64, 32], outputs: $0) }, metaOptimizer: Adam(),
        iterations: 0, seed: 5, threads: 2))
    let state = learner.initialState()
    let accuracy = (0..<20).map { learner.evaluate(episode(shots: shots, seed: 100 + UInt64($0)), with: state).accuracy }
        .reduce(0, +) / 20
    #expect(accuracy > 0.6, "\(name), \(shots)-shot: mean accuracy \(accuracy)")
}
