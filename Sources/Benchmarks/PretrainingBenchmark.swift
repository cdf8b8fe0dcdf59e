import MetaLearning

/// Supervised pre-training in the setting of the baselines issue: ResNet-12 on batches of 64
/// 84×84 RGB images over 64 classes, forward and backward through a linear classifier's
/// cross-entropy and an SGD step with Nesterov momentum and weight decay, in ghost batches of 32
/// spread over all cores (the spec's defaults). Images are random: speed does not depend on pixels.
enum PretrainingBenchmark {
    static let batchSize = 64, ghostBatchSize = 32, classes = 64, imageSize = 84

    /// The best images per second over `steps` steps (after one unmeasured step) and the counted
    /// GFLOP/s at that speed.
    static func resnet12ImagesPerSecond(steps: Int) -> (perSecond: Double, gflops: Double) {
        var generator = SeededGenerator(seed: 13)
        let count = batchSize * 3 * imageSize * imageSize
        let images = Tensor(
            shape: [batchSize, 3, imageSize, imageSize], scalars: (0..<count).map { _ in generator.nextUnitFloat() })
        let labels = (0..<batchSize).map { $0 % classes }
        let trainer = SupervisedPretraining(
            body: ResNet12(imageSize: imageSize, outputs: 0), classes: classes, classifier: .linear,
            optimizer: SGD(learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 5e-4),
            labelSmoothing: 0, ghostBatchSize: ghostBatchSize, batchNorm: .transductive, seed: 1,
            threads: Measurement.cores)
        var state = trainer.initialState(using: &generator)
        let flops = Measurement.countedFLOPs { _ = trainer.step(&state, images: images, labels: labels, step: 0) }
        var best = Double.infinity
        for step in 1...max(1, steps) {
            best = min(best, Measurement.time { _ = trainer.step(&state, images: images, labels: labels, step: step) })
        }
        return (Double(batchSize) / best, Double(flops) / best / 1e9)
    }
}
