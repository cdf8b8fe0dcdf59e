import FewShotData
import Foundation
import MetaLearning

/// The figures `metalearn bench` prints: named numbers in a fixed order.
public struct BenchmarkReport: Sendable {
    /// (key, value) pairs in the order they were measured.
    public private(set) var figures: [(key: String, value: Double)] = []

    /// An empty report.
    public init() {}

    /// Adds a figure.
    public mutating func record(_ key: String, _ value: Double) {
        figures.append((key, value))
    }

    /// The value of the figure named `key`, or nil when it was not recorded.
    public subscript(key: String) -> Double? {
        figures.first { $0.key == key }?.value
    }

    /// One JSON object, keys in measurement order.
    public var json: String {
        let body = figures.map { "  \"\($0.key)\": \(Self.format($0.value))" }.joined(separator: ",\n")
        return "{\n\(body)\n}"
    }

    /// Aligned "key  value" lines for a terminal.
    public var text: String {
        let width = figures.map(\.key.count).max() ?? 0
        return figures.map {
            $0.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Self.format($0.value)
        }
        .joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}

/// Measures the benchmark groups, one at a time, and combines their figures.
public enum Benchmarks {
    /// The groups a user can ask for, in the order they are measured and reported.
    public enum Group: String, CaseIterable, Sendable {
        case engine, learners, resnet12, bf16, mamlpp, heads, pretraining, data

        /// The figure of the peak resident size of the group's process, read when the group is done;
        /// nil for the learners, whose `peakRSSBytes` is MAML's, read before their throughput rounds,
        /// for the data group, and for bf16 on a CPU without AVX512-BF16 (it measures nothing there).
        var peakRSSFigure: String? {
            switch self {
            case .engine: "conv4PeakRSSBytes"
            case .resnet12: "resnet12PeakRSSBytes"
            case .bf16: NumericsMode.bf16.missingFeature == nil ? "resnet12BF16PeakRSSBytes" : nil
            case .mamlpp: "mamlppPeakRSSBytes"
            case .heads: "logisticHeadPeakRSSBytes"
            case .pretraining: "pretrainPeakRSSBytes"
            case .learners, .data: nil
            }
        }
    }

    /// Measures `group` in this process, the learners' with `registry`'s (which must hold the
    /// built-in ones): `sgemmGFLOPS` first (the sgemm peak sampled in this process, throughout the
    /// group, and the peak fractions' denominator), then the group's figures in report order.
    /// Its peak resident size is this process's, so each group runs in a process of its own
    /// (`metalearn bench` does), and `combine` joins their reports. `progress` receives one line
    /// per figure as it is measured. The data group's Omniglot figures run on `omniglotRoot`,
    /// skipped (with a note) when it is nil, and its JPEG figures on `jpegRoot` (a colour JPEG tree
    /// such as caltech101-color), skipped when nil. The peak fractions come last in time but are
    /// reported next to their workloads.
    public static func measure(
        _ group: Group, registry: LearnerRegistry, conv4Iterations: Int = 1000,
        learnerIterations: Int = 12, resnet12Episodes: Int = 200, omniglotRoot: String? = nil,
        jpegRoot: String? = nil, progress: (String) -> Void = { _ in }
    ) throws -> BenchmarkReport {
        // Figures in report order; a peak fraction holds its GFLOP/s until the peak is known.
        var measured: [(key: String, value: Double, isFraction: Bool)] = []
        func record(_ key: String, _ value: Double) {
            measured.append((key, value, false))
            progress("\(key): \(value)")
        }
        func recordThroughput(_ name: String, _ gflops: Double) {
            record("\(name)GFLOPS", gflops)
            measured.append(("\(name)PeakFraction", gflops, true))
        }
        let peak = SGEMMPeak(samples: 10)
        if group == .engine {
            let conv4 = EngineBenchmark.conv4(iterations: conv4Iterations, peak: peak)
            recordThroughput("conv4", conv4.gflops)
            record("conv4RSSGrowthBytes", Double(conv4.rssGrowthBytes))
        }
        if group == .learners {
            // Before the throughput rounds, which keep all six learners alive: the peak is MAML's.
            let memory = LearnerBenchmark.mamlMemory(
                iterations: 4 + 4 * learnerIterations, warmUp: 4, registry: registry)
            for (subject, reading) in LearnerBenchmark.measure(
                rounds: learnerIterations, peak: peak, registry: registry)
            {
                record(subject.speedFigure, reading.perSecond)
                recordThroughput(subject.key, reading.gflops)
            }
            record("peakRSSBytes", Double(memory.peak))
            record("mamlRSSGrowthBytes", Double(memory.growth))
            record(
                "protonetColor84EpisodesPerSecond",
                LearnerBenchmark.protonetColorEpisodesPerSecond(rounds: learnerIterations, registry: registry))
        }
        func resnet12ProtoNet() -> (perSecond: Double, gflops: Double, rssGrowthBytes: Int) {
            ResNet12Benchmark.protoNet(
                episodes: resnet12Episodes, warmUp: min(20, resnet12Episodes / 4), peak: peak, registry: registry)
        }
        if group == .resnet12 {
            let resnet12 = resnet12ProtoNet()
            record("resnet12ProtoNetEpisodesPerSecond", resnet12.perSecond)
            recordThroughput("resnet12ProtoNet", resnet12.gflops)
            record("resnet12RSSGrowthBytes", Double(resnet12.rssGrowthBytes))
        }
        if group == .bf16 {
            if let feature = NumericsMode.bf16.missingFeature {
                progress("bf16 figures: skipped, this CPU lacks \(feature) (AVX512-BF16)")
            } else {
                let resnet12 = NumericsMode.with(.bf16) { resnet12ProtoNet() }
                record("resnet12ProtoNetBF16EpisodesPerSecond", resnet12.perSecond)
                record("resnet12ProtoNetBF16GFLOPS", resnet12.gflops)
            }
        }
        if group == .mamlpp {
            record(
                "mamlppIterationsPerSecond",
                MAMLPlusPlusBenchmark.iterationsPerSecond(iterations: 3, registry: registry))
        }
        if group == .heads {
            record(
                "logisticHeadEpisodesPerSecond",
                HeadBenchmark.logisticEpisodesPerSecond(rounds: 10, registry: registry))
        }
        if group == .pretraining {
            let pretraining = PretrainingBenchmark.resnet12ImagesPerSecond(steps: 3)
            record("pretrainImagesPerSecond", pretraining.perSecond)
            recordThroughput("pretrain", pretraining.gflops)
            if NumericsMode.bf16.missingFeature == nil {
                let bf16 = NumericsMode.with(.bf16) { PretrainingBenchmark.resnet12ImagesPerSecond(steps: 3) }
                record("pretrainBF16ImagesPerSecond", bf16.perSecond)
            }
        }
        if group == .data {
            record("augmentedEpisodesPerSecond", DataBenchmark.augmentedEpisodesPerSecond())
            let variable = VariableEpisodeBenchmark.measure(registry: registry)
            record("variableEpisodesPerSecond", variable.drawn)
            record("variableEpisodeProtoNetEpisodesPerSecond", variable.protonet)
            record("variableEpisodesPerSecondOverFastestLearner", variable.drawn / variable.protonet)
            if let omniglotRoot {
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "metalearn-bench-\(getpid())"
                ).path
                defer { try? FileManager.default.removeItem(atPath: scratch) }
                let data = try DataBenchmark.run(root: omniglotRoot, cacheDirectory: scratch)
                record("decodeImagesPerSecond", data.decodeImagesPerSecond)
                record("decodeSeconds", data.decodeSeconds)
                record("cacheLoadSeconds", data.cacheLoadSeconds)
                record("cacheSpeedup", data.cacheSpeedup)
                record("episodesPerSecond", data.episodesPerSecond)
            } else {
                progress("data: skipped, no Omniglot tree found (pass --omniglot PATH)")
            }
            if let jpegRoot {
                let jpeg = try DataBenchmark.jpeg(root: jpegRoot)
                record("jpegScaledDecodeOnlyImagesPerSecond", jpeg.scaledDecodeOnlyImagesPerSecond)
                record("jpegDecodeImagesPerSecond", jpeg.decodeImagesPerSecond)
                record(
                    "jpegDecodeOverScaledDecodeOnly", jpeg.decodeImagesPerSecond / jpeg.scaledDecodeOnlyImagesPerSecond)
                record("rgbImageBytesPerImage", jpeg.bytesPerImage)
            } else {
                progress("jpeg figures: skipped, no JPEG tree (pass --jpeg PATH)")
            }
        }
        if let key = group.peakRSSFigure { record(key, Double(Measurement.peakResidentBytes())) }
        var report = BenchmarkReport()
        report.record("sgemmGFLOPS", peak.gflops)
        progress("sgemmGFLOPS: \(peak.gflops) (OpenBLAS \(BLAS.coreName) kernels)")
        for (key, value, isFraction) in measured {
            report.record(key, isFraction ? value / peak.gflops : value)
            if isFraction { progress("\(key): \(value / peak.gflops)") }
        }
        return report
    }

    /// The report of a run from its groups' `measure` reports, in `Group` order: `sgemmGFLOPS`
    /// the best of theirs, then each group's figures, each peak fraction still of its own group's
    /// sgemm peak. When the learners ran too, the data figures `augmentedEpisodesPerSecond` and
    /// `episodesPerSecond` are followed by their ratios to the learner they are compared with:
    /// ProtoNet on the augmented episodes' shape, and the fastest learner in episodes per second.
    public static func combine(_ reports: [BenchmarkReport]) -> BenchmarkReport {
        var combined = BenchmarkReport()
        combined.record("sgemmGFLOPS", reports.compactMap { $0["sgemmGFLOPS"] }.max() ?? 0)
        for report in reports {
            for (key, value) in report.figures where key != "sgemmGFLOPS" {
                combined.record(key, value)
                let learner =
                    switch key {
                    case "augmentedEpisodesPerSecond": combined["protonetColor84EpisodesPerSecond"]
                    case "episodesPerSecond": LearnerBenchmark.fastestEpisodesPerSecond(in: combined)
                    default: Double?.none
                    }
                if let learner, learner > 0 { combined.record(key + "OverFastestLearner", value / learner) }
            }
        }
        return combined
    }
}
