import MetaLearning

/// Meta-training throughput of MAML++ in MAML's miniImageNet setting: Conv-4 with 32
/// channels on 84×84 RGB images, 5-way 1-shot 15-query tasks, meta-batches of 4, 5 inner steps,
/// second order (derivative-order annealing off), every other MAML++ fix at its default and
/// inference batch norm (per-step running statistics). Tasks hold random images.
enum MAMLPlusPlusBenchmark {
    static let ways = 5, shots = 1, queries = 15, metaBatch = 4, imageSize = 84, channels = 3

    static func tasks(seed: UInt64) -> [FewShotTask] {
        var generator = SeededGenerator(seed: seed)
        let side = imageSize * imageSize * channels
        func images(_ n: Int) -> Tensor {
            Tensor(
                shape: [n, channels, imageSize, imageSize],
                scalars: (0..<(n * side)).map { _ in generator.nextUnitFloat() })
        }
        let support = (0..<(ways * shots)).map { $0 / shots }
        let query = (0..<(ways * queries)).map { $0 / queries }
        return (0..<metaBatch).map { _ in
            FewShotTask(
                support: images(support.count), supportLabels: support, query: images(query.count), queryLabels: query,
                ways: ways)
        }
    }

    /// Iterations per second: the best of `iterations` timed ones, after one warm-up.
    static func iterationsPerSecond(iterations: Int, registry: LearnerRegistry) -> Double {
        let descriptor = registry.descriptor(named: "mamlpp")!
        let hyperparameters = descriptor.resolve(["innerSteps": .integer(5), "firstOrderIterations": .integer(0)])
        let context = LearnerContext(
            hyperparameters: hyperparameters, ways: ways, shots: shots, queries: queries,
            makeModel: { Conv4(inputChannels: channels, imageSize: imageSize, hiddenChannels: 32, outputs: $0) },
            metaOptimizer: Adam(), iterations: 1000, seed: 1, threads: Measurement.cores,
            batchNorm: .inference)
        let learner = descriptor.make(context)
        var state = learner.initialState()
        let batch = tasks(seed: 11)
        _ = learner.metaTrain(&state, on: batch, iteration: 0)
        var best = Double.infinity
        for iteration in 1...max(1, iterations) {
            best = min(best, Measurement.time { _ = learner.metaTrain(&state, on: batch, iteration: iteration) })
        }
        return 1 / best
    }
}
