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

/// Runs the benchmark groups and collects their figures.
public enum Benchmarks {
    /// The groups a user can ask for.
    public enum Group: String, CaseIterable, Sendable {
        case engine, data, learners, resnet12, bf16, mamlpp, heads, pretraining
    }

    /// Measures the chosen groups, the learners' with `registry`'s (which must hold the built-in ones);
    /// `progress` receives one line per figure as it is measured.
    /// The data group runs on `omniglotRoot` and is skipped (with a note) when it is nil; its JPEG
    /// figures run on `jpegRoot` (a colour JPEG tree such as caltech101-color), skipped when nil. The peak
    /// fractions come last in time (the sgemm peak is sampled throughout the run) but are reported
    /// next to their workloads.
    public static func run(
        groups: [Group] = Group.allCases, registry: LearnerRegistry, conv4Iterations: Int = 1000,
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
        if groups.contains(.engine) {
            let conv4 = EngineBenchmark.conv4(iterations: conv4Iterations, peak: peak)
            recordThroughput("conv4", conv4.gflops)
            record("conv4RSSGrowthBytes", Double(conv4.rssGrowthBytes))
        }
        var fastestLearnerEpisodesPerSecond = 0.0
        var protonetColorEpisodesPerSecond = 0.0
        if groups.contains(.learners) {
            // Before the throughput rounds, which keep all six learners alive: the peak is MAML's.
            let memory = LearnerBenchmark.mamlMemory(
                iterations: 4 + 4 * learnerIterations, warmUp: 4, registry: registry)
            for (subject, reading) in LearnerBenchmark.measure(
                rounds: learnerIterations, peak: peak, registry: registry)
            {
                let unit = subject.batch == 1 ? "EpisodesPerSecond" : "IterationsPerSecond"
                record(subject.key + unit, reading.perSecond)
                recordThroughput(subject.key, reading.gflops)
                fastestLearnerEpisodesPerSecond = max(
                    fastestLearnerEpisodesPerSecond, reading.perSecond * Double(subject.batch))
            }
            record("peakRSSBytes", Double(memory.peak))
            record("mamlRSSGrowthBytes", Double(memory.growth))
            protonetColorEpisodesPerSecond = LearnerBenchmark.protonetColorEpisodesPerSecond(
                rounds: learnerIterations, registry: registry)
            record("protonetColor84EpisodesPerSecond", protonetColorEpisodesPerSecond)
        }
        if groups.contains(.resnet12) {
            let resnet12 = ResNet12Benchmark.protoNet(
                episodes: resnet12Episodes, warmUp: min(20, resnet12Episodes / 4),
                peak: peak, registry: registry)
            record("resnet12ProtoNetEpisodesPerSecond", resnet12.perSecond)
            recordThroughput("resnet12ProtoNet", resnet12.gflops)
            record("resnet12RSSGrowthBytes", Double(resnet12.rssGrowthBytes))
        }
        if groups.contains(.bf16) {
            if let feature = NumericsMode.bf16.missingFeature {
                progress("bf16 figures: skipped, this CPU lacks \(feature) (AVX512-BF16)")
            } else {
                Measurement.resetPeakResidentBytes()
                let resnet12 = NumericsMode.with(.bf16) {
                    ResNet12Benchmark.protoNet(
                        episodes: resnet12Episodes, warmUp: min(20, resnet12Episodes / 4),
                        peak: peak, registry: registry)
                }
                record("resnet12ProtoNetBF16EpisodesPerSecond", resnet12.perSecond)
                record("resnet12ProtoNetBF16GFLOPS", resnet12.gflops)
                record("resnet12BF16PeakRSSBytes", Double(Measurement.peakResidentBytes()))
                let pretraining = NumericsMode.with(.bf16) { PretrainingBenchmark.resnet12ImagesPerSecond(steps: 3) }
                record("pretrainBF16ImagesPerSecond", pretraining.perSecond)
            }
        }
        if groups.contains(.mamlpp) {
            let mamlpp = MAMLPlusPlusBenchmark.measure(iterations: 3, registry: registry)
            record("mamlppIterationsPerSecond", mamlpp.iterationsPerSecond)
            record("mamlppPeakRSSBytes", Double(mamlpp.peakRSSBytes))
        }
        if groups.contains(.heads) {
            record(
                "logisticHeadEpisodesPerSecond",
                HeadBenchmark.logisticEpisodesPerSecond(rounds: 10, registry: registry))
        }
        if groups.contains(.pretraining) {
            let pretraining = PretrainingBenchmark.resnet12ImagesPerSecond(steps: 3)
            record("pretrainImagesPerSecond", pretraining.perSecond)
            recordThroughput("pretrain", pretraining.gflops)
        }
        if groups.contains(.data) {
            let augmented = DataBenchmark.augmentedEpisodesPerSecond()
            record("augmentedEpisodesPerSecond", augmented)
            if protonetColorEpisodesPerSecond > 0 {
                record("augmentedEpisodesPerSecondOverFastestLearner", augmented / protonetColorEpisodesPerSecond)
            }
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
                if fastestLearnerEpisodesPerSecond > 0 {
                    record(
                        "episodesPerSecondOverFastestLearner", data.episodesPerSecond / fastestLearnerEpisodesPerSecond)
                }
            } else {
                progress("data: skipped, no Omniglot tree found (pass --omniglot PATH)")
            }
            if let jpegRoot {
                let jpeg = try DataBenchmark.jpeg(root: jpegRoot)
                record("jpegDecodeImagesPerSecond", jpeg.decodeImagesPerSecond)
                record("rgbImageBytesPerImage", jpeg.bytesPerImage)
            } else {
                progress("jpegDecodeImagesPerSecond, rgbImageBytesPerImage: skipped, no JPEG tree (pass --jpeg PATH)")
            }
        }
        var report = BenchmarkReport()
        report.record("sgemmGFLOPS", peak.gflops)
        progress("sgemmGFLOPS: \(peak.gflops) (OpenBLAS \(BLAS.coreName) kernels)")
        for (key, value, isFraction) in measured {
            report.record(key, isFraction ? value / peak.gflops : value)
            if isFraction { progress("\(key): \(value / peak.gflops)") }
        }
        return report
    }
}
