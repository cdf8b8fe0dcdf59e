import MetaLearning

/// ProtoNet training with ResNet-12 in the setting of the backbones issue: one 5-way 1-shot
/// 15-query episode of 84×84 RGB images (80 images in one batch) per step, forward and backward
/// through ProtoNet's loss and an Adam update, the episode's operations spread over all cores.
/// Episodes hold random images: speed does not depend on the pixels.
enum ResNet12Benchmark {
    static let ways = 5, shots = 1, queries = 15, imageSize = 84

    /// The best episodes per second, counted GFLOP/s at that speed, and the growth of the
    /// resident floor (`Measurement.floorGrowth`) over the episodes after the first `warmUp`.
    static func protoNet(
        episodes: Int, warmUp: Int, peak: SGEMMPeak,
        registry: LearnerRegistry
    ) -> (perSecond: Double, gflops: Double, rssGrowthBytes: Int) {
        var generator = SeededGenerator(seed: 12)
        let side = imageSize
        func images(_ n: Int) -> Tensor {
            Tensor(
                shape: [n, 3, side, side], scalars: (0..<(n * 3 * side * side)).map { _ in generator.nextUnitFloat() })
        }
        let task = FewShotTask(
            support: images(ways * shots), supportLabels: (0..<(ways * shots)).map { $0 / shots },
            query: images(ways * queries), queryLabels: (0..<(ways * queries)).map { $0 / queries }, ways: ways)
        let descriptor = registry.descriptor(named: "protonet")!
        let context = LearnerContext(
            hyperparameters: descriptor.resolve(), ways: ways, shots: shots, queries: queries,
            makeModel: { ResNet12(imageSize: side, outputs: $0) }, metaOptimizer: Adam(),
            iterations: episodes, seed: 1, threads: Measurement.cores)
        let learner = descriptor.make(context)
        var state = learner.initialState()
        let flops = Measurement.countedFLOPs { _ = learner.metaTrain(&state, on: [task], iteration: 0) }
        var best = Double.infinity
        var readings: [Int] = []
        for episode in 1...max(1, episodes) {
            best = min(best, Measurement.time { _ = learner.metaTrain(&state, on: [task], iteration: episode) })
            if episode > warmUp { readings.append(Measurement.residentBytes()) }
            peak.sample()
        }
        return (1 / best, Double(flops) / best / 1e9, Measurement.floorGrowth(readings))
    }
}
