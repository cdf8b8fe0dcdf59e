import ArgumentParser
import Benchmarks
import FewShotData
import Foundation
import MetaLearning

/// `metalearn bench`: throughput figures of the hot paths.
struct BenchCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure the hot paths (engine, data, learners, resnet12, bf16, mamlpp, heads, pretraining) and print their figures."
    )

    @Flag(help: "Print one JSON object instead of aligned lines.")
    var json = false

    @Option(
        help:
            "Measure only these groups (engine, data, learners, resnet12, bf16, mamlpp, heads, pretraining); repeatable."
    )
    var group: [Benchmarks.Group] = []

    @Option(help: "Conv-4 forward+backward passes, each timed (the best is reported) and followed by a memory reading.")
    var conv4Iterations = 1000

    @Option(
        help:
            "Rounds of timed meta-iterations: one per learner each round (20 episodes for protonet), the learners taking turns; the best is reported."
    )
    var learnerIterations = 12

    @Option(
        help:
            "ResNet-12 ProtoNet episodes (5-way 1-shot 15-query, 84×84 RGB), each timed (the best is reported) and followed by a memory reading."
    )
    var resnet12Episodes = 200

    @Option(
        help:
            "Omniglot-style tree for the data figures (default: $METALEARN_OMNIGLOT, else datasets/omniglot/images_background if it exists, else the synthetic data set in datasets/synthetic, generated if missing)."
    )
    var omniglot: String?

    @Option(
        help:
            "Colour JPEG tree for jpegDecodeImagesPerSecond and rgbImageBytesPerImage (84x84 RGB; default: $METALEARN_JPEG_TREE; skipped when neither names one)."
    )
    var jpeg: String?

    func run(registry: LearnerRegistry) throws {
        let groups = group.isEmpty ? Benchmarks.Group.allCases : group
        let root = groups.contains(.data) ? try dataRoot() : nil
        let jpegRoot = groups.contains(.data) ? try jpegTree() : nil
        let report = try Benchmarks.run(
            groups: groups, registry: registry,
            conv4Iterations: conv4Iterations, learnerIterations: learnerIterations,
            resnet12Episodes: resnet12Episodes, omniglotRoot: root, jpegRoot: jpegRoot,
            progress: Self.note)
        print(json ? report.json : report.text)
    }

    /// The tree the data figures are measured on: `--omniglot`, else `$METALEARN_OMNIGLOT`, else
    /// `datasets/omniglot/images_background` (the README's layout) if it exists, else the quickstart's synthetic data set (written first
    /// when missing). Notes which one it is; a named tree that does not exist fails before any
    /// measurement.
    private func dataRoot() throws -> String {
        let environment = ProcessInfo.processInfo.environment["METALEARN_OMNIGLOT"]
        if let named = omniglot ?? (environment?.isEmpty == false ? environment : nil) {
            guard FileManager.default.fileExists(atPath: named) else {
                throw Failure(
                    description:
                        "\(named): no such folder (the --omniglot or METALEARN_OMNIGLOT tree for the data figures)")
            }
            Self.note("data figures on \(named)")
            return named
        }
        let omniglotDefault = "datasets/omniglot/images_background"
        if FileManager.default.fileExists(atPath: omniglotDefault) {
            Self.note("data figures on \(omniglotDefault)")
            return omniglotDefault
        }
        let synthetic = "datasets/synthetic"
        if !FileManager.default.fileExists(atPath: synthetic) {
            // SyntheticOmniglot's defaults are the quickstart's settings, so both use the same folder.
            _ = try Failure.wrapping { try SyntheticOmniglot.write(to: synthetic) }
            Self.note("generated the synthetic data set in \(synthetic)")
        }
        Self.note(
            "data figures on the synthetic data set in \(synthetic) (no \(omniglotDefault): pass --omniglot PATH for Omniglot)"
        )
        return synthetic
    }

    /// The tree of the JPEG figures: `--jpeg`, else `$METALEARN_JPEG_TREE`, else none. A named
    /// tree that does not exist fails before any measurement.
    private func jpegTree() throws -> String? {
        let environment = ProcessInfo.processInfo.environment["METALEARN_JPEG_TREE"]
        guard let named = jpeg ?? (environment?.isEmpty == false ? environment : nil) else { return nil }
        guard FileManager.default.fileExists(atPath: named) else {
            throw Failure(
                description: "\(named): no such folder (the --jpeg or METALEARN_JPEG_TREE tree for the JPEG figures)")
        }
        Self.note("JPEG figures on \(named)")
        return named
    }

    /// A progress line on stderr, so that stdout holds only the figures.
    private static func note(_ line: String) {
        FileHandle.standardError.write(Data(("bench: " + line + "\n").utf8))
    }
}

extension Benchmarks.Group: ExpressibleByArgument {}
