import MetaLearning

/// The logistic-regression head (`logistic`, RFS) on the features of a ResNet-12's width: 5-way
/// 1-shot 15-query episodes of 640-wide random features (a fixed seed; the solver's work does not
/// depend on the values), the whole head per episode (normalising, fitting, scoring the queries)
/// on one thread. The body is an MLP without hidden layers, which passes the features through.
enum HeadBenchmark {
    static let ways = 5, shots = 1, queries = 15, featureCount = 640, episodesPerRound = 20

    /// Episodes per second: the best of `rounds` rounds of `episodesPerRound` episodes, after one
    /// warm-up round.
    static func logisticEpisodesPerSecond(rounds: Int, registry: LearnerRegistry) -> Double {
        let descriptor = registry.descriptor(named: "logistic")!
        let learner = descriptor.make(
            LearnerContext(
                hyperparameters: descriptor.resolve(), ways: ways, shots: shots, queries: queries,
                makeModel: { MLP(inputSize: featureCount, hiddenSizes: [], outputs: $0) }, metaOptimizer: Adam(),
                iterations: 0, seed: 1, threads: 1))
        let state = learner.initialState()
        var generator = SeededGenerator(seed: 25)
        func features(_ rows: Int) -> Tensor {
            Tensor(
                shape: [rows, featureCount, 1, 1],
                scalars: (0..<(rows * featureCount)).map { _ in Float(generator.nextNormal()) })
        }
        let episodes = (0..<episodesPerRound).map { _ in
            FewShotTask(
                support: features(ways * shots), supportLabels: (0..<(ways * shots)).map { $0 / shots },
                query: features(ways * queries), ways: ways)
        }
        var best = Double.infinity
        for round in 0...max(1, rounds) {
            let seconds = Measurement.time { for episode in episodes { _ = learner.predict(episode, with: state) } }
            if round > 0 { best = min(best, seconds) }
        }
        return Double(episodesPerRound) / best
    }
}
