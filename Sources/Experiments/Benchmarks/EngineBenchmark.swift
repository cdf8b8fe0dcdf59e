import MetaLearning

/// Throughput of the engine's hot paths: OpenBLAS's practical peak and a Conv-4 training pass.
enum EngineBenchmark {
    /// GFLOP/s of a 1024×1024×1024 sgemm with OpenBLAS on all cores (best of 10).
    static func sgemmGFLOPS() -> Double {
        let size = 1024
        let a = Tensor(repeating: 0.5, shape: [size, size]), b = Tensor(repeating: 0.25, shape: [size, size])
        BLAS.setThreadCount(Measurement.cores)
        defer { BLAS.setThreadCount(1) }
        let seconds = Measurement.bestTime(repetitions: 10) { _ = Tensor.matmul(a, b) }
        return 2 * Double(size * size * size) / seconds / 1e9
    }

    /// One forward and backward pass of Conv-4 (64 channels, 5 ways) on a batch of images.
    struct Conv4Pass: Sendable {
        let model = Conv4(outputs: 5)
        let parameters: Parameters
        let images: Tensor
        let labels: [Int]

        init(batch: Int, seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            parameters = model.initialParameters(using: &generator)
            images = Tensor(shape: [batch, 1, 28, 28], scalars: (0..<(batch * 784)).map { _ in generator.nextUnitFloat() })
            labels = (0..<batch).map { $0 % 5 }
        }

        func run() {
            let theta = parameters.variables()
            _ = theta.gradients(of: model(images, theta).crossEntropy(labels: labels))
        }
    }

    /// GFLOP/s of one Conv-4 forward + backward pass on a batch of 80 images using all cores
    /// (its convolutions and batch norms split over them), FLOPs counted over the GEMMs executed;
    /// and the RSS growth in bytes between iteration 100 and iteration `iterations` (0 when memory
    /// is stable).
    static func conv4(iterations: Int) -> (gflops: Double, rssGrowthBytes: Int) {
        let pass = Conv4Pass(batch: 80, seed: 1)
        let cores = Measurement.cores
        func run() { _ = TaskParallel.map(1, threads: cores) { _ in pass.run() } }
        let flopsPerPass = Double(Measurement.countedFLOPs(run))
        let seconds = Measurement.bestTime(repetitions: 20, run)
        var settledRSS = 0
        for iteration in 0..<iterations {
            run()
            if iteration == 100 { settledRSS = Measurement.residentBytes() }
        }
        let growth = iterations >= 200 ? max(0, Measurement.residentBytes() - settledRSS) : 0
        return (flopsPerPass / seconds / 1e9, growth)
    }
}
