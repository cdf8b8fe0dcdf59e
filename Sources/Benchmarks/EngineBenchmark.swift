import MetaLearning

/// The machine's practical peak: the best GFLOP/s of a 1024×1024×1024 sgemm with OpenBLAS on all
/// cores, sampled between the repetitions of every measured workload. This machine's speed drifts
/// by ±20% within minutes; sampled this way, the peak and the workloads see the same moments, and
/// each peak fraction compares the best of both.
final class SGEMMPeak {
    private let size = 1024
    private let a: Tensor, b: Tensor
    /// The best reading so far.
    private(set) var gflops = 0.0

    /// Takes `samples` readings.
    init(samples: Int) {
        a = Tensor(repeating: 0.5, shape: [size, size])
        b = Tensor(repeating: 0.25, shape: [size, size])
        for _ in 0..<samples { sample() }
    }

    /// Times one product and keeps the best reading.
    func sample() {
        BLAS.setThreadCount(Measurement.cores)
        defer { BLAS.setThreadCount(1) }
        let start = Measurement.now()
        _ = Tensor.matmul(a, b)
        gflops = max(gflops, 2 * Double(size * size * size) / (Measurement.now() - start) / 1e9)
    }
}

/// Throughput of the engine's hot path: a Conv-4 training pass.
enum EngineBenchmark {

    /// One forward and backward pass of Conv-4 (64 channels, 5 ways) on a batch of images.
    struct Conv4Pass: Sendable {
        let model = Conv4(outputs: 5)
        let parameters: Parameters
        let images: Tensor
        let labels: [Int]

        init(batch: Int, seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            parameters = model.initialParameters(using: &generator)
            images = Tensor(
                shape: [batch, 1, 28, 28], scalars: (0..<(batch * 784)).map { _ in generator.nextUnitFloat() })
            labels = (0..<batch).map { $0 % 5 }
        }

        func run() {
            let theta = parameters.variables()
            _ = theta.gradients(of: model(images, theta).crossEntropy(labels: labels))
        }
    }

    /// GFLOP/s of one Conv-4 forward + backward pass on a batch of 80 images using all cores
    /// (its convolutions and batch norms split over them), FLOPs counted over the GEMMs executed:
    /// the best of `iterations` timed passes, with `peak` sampled after every 10th, so that both
    /// sides of the peak fraction are best readings over the same stretch of time; and the growth
    /// of the resident floor (`Measurement.floorGrowth`) over iterations 100 to `iterations`
    /// (0 when memory is stable).
    static func conv4(iterations: Int, peak: SGEMMPeak) -> (gflops: Double, rssGrowthBytes: Int) {
        let pass = Conv4Pass(batch: 80, seed: 1)
        let cores = Measurement.cores
        func run() { _ = TaskParallel.map(1, threads: cores) { _ in pass.run() } }
        let flopsPerPass = Double(Measurement.countedFLOPs(run))
        var best = Double.infinity
        var readings: [Int] = []
        for iteration in 0..<iterations {
            best = min(best, Measurement.time(run))
            if iteration >= 100 { readings.append(Measurement.residentBytes()) }
            if iteration % 10 == 9 { peak.sample() }
        }
        return (flopsPerPass / best / 1e9, Measurement.floorGrowth(readings))
    }
}
