import MetaLearning

/// A `ways`-way task of random 1×2×2 "images": each class has its own mean, so the task is learnable.
public func makeLearnableTask(ways: Int = 2, shots: Int = 2, queries: Int = 2, seed: UInt64) -> FewShotTask {
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

/// A task of random 1×2×2 "images" as Meta-Dataset draws them: class k has `shots[k]` support images
/// (so `shots.count` ways, the counts unequal if they differ) and `queries` query images, each class
/// with its own mean; the support images are shuffled, so a class's images are not adjacent.
public func makeUnbalancedTask(shots: [Int], queries: Int = 2, seed: UInt64) -> FewShotTask {
    var generator = SeededGenerator(seed: seed)
    let means = shots.map { _ in (0..<4).map { _ in Float(generator.nextNormal()) } }
    func images(_ labels: [Int]) -> Tensor {
        Tensor(shape: [labels.count, 1, 2, 2],
               scalars: labels.flatMap { label in means[label].map { $0 + 0.5 * Float(generator.nextNormal()) } })
    }
    var supportLabels = shots.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element) }
    generator.shuffle(&supportLabels)
    let queryLabels = shots.indices.flatMap { Array(repeating: $0, count: queries) }
    return FewShotTask(support: images(supportLabels), supportLabels: supportLabels, query: images(queryLabels),
                       queryLabels: queryLabels, ways: shots.count)
}

/// A context for `descriptor`'s learner on learnable tasks (2-shot, 2 queries): an MLP with
/// `hiddenSizes` over their 4 pixels, and the default hyperparameters overridden by `values`.
public func makeSmallMLPContext(_ descriptor: LearnerDescriptor, _ values: [String: HyperparameterValue] = [:],
                                ways: Int = 2, trainWays: Int? = nil, hiddenSizes: [Int] = [5],
                                optimizer: any Optimizer = Adam(), threads: Int = 1) -> LearnerContext {
    LearnerContext(hyperparameters: descriptor.resolve(values), ways: ways, trainWays: trainWays, shots: 2, queries: 2,
                   makeModel: { MLP(inputSize: 4, hiddenSizes: hiddenSizes, outputs: $0) },
                   metaOptimizer: optimizer, iterations: 100, seed: 7, threads: threads)
}
