import MetaLearning
import Reptile

/// A `ways`-way task of random 1×2×2 "images": each class has its own mean, so the task is learnable.
func makeTask(ways: Int = 2, shots: Int = 2, queries: Int = 2, seed: UInt64) -> FewShotTask {
    var generator = SeededGenerator(seed: seed)
    let means = (0..<ways).map { _ in (0..<4).map { _ in Float(generator.nextNormal()) } }
    func images(_ perClass: Int) -> (Tensor, [Int]) {
        let labels = (0..<ways).flatMap { Array(repeating: $0, count: perClass) }
        let scalars = labels.flatMap { label in means[label].map { $0 + 0.5 * Float(generator.nextNormal()) } }
        return (Tensor(shape: [labels.count, 1, 2, 2], scalars: scalars), labels)
    }
    let (support, supportLabels) = images(shots)
    let (query, queryLabels) = images(queries)
    return FewShotTask(support: support, supportLabels: supportLabels, query: query, queryLabels: queryLabels, ways: ways)
}

/// A context for a small MLP on those images.
func makeContext(_ values: [String: HyperparameterValue] = [:], ways: Int = 2,
                 optimizer: OptimizerSettings = OptimizerSettings(), threads: Int = 1) -> LearnerContext {
    LearnerContext(hyperparameters: Reptile.learners[0].resolve(values), ways: ways, shots: 2, queries: 2,
                   makeModel: { MLP(inputSize: 4, hiddenSizes: [5], outputs: $0) },
                   metaOptimizer: optimizer, iterations: 100, seed: 7, threads: threads)
}
