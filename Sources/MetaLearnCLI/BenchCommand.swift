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
            "Measure the hot paths (engine, learners, resnet12, bf16, mamlpp, heads, pretraining, data) and print their figures."
    )

    @Flag(help: "Print one JSON object instead of aligned lines.")
    var json = false

    @Option(
        help:
            "Measure only these groups (engine, learners, resnet12, bf16, mamlpp, heads, pretraining, data), each in a process of its own; repeatable."
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
            "Colour JPEG tree for the JPEG figures: decoding alone at the DCT scale, decoding to 84x84 RGB, their ratio, and rgbImageBytesPerImage (default: $METALEARN_JPEG_TREE; skipped when neither names one)."
    )
    var jpeg: String?

    @Flag(help: .hidden)
    var child = false

    /// Measures each chosen group in a child process of its own, so that no group's peak memory
    /// counts in another's, and prints their figures; a child measures its one group and answers
    /// its parent.
    func run(registry: LearnerRegistry) throws {
        if child { return try answerParent(registry: registry) }
        let groups = Benchmarks.Group.allCases.filter { group.isEmpty || group.contains($0) }
        let root = groups.contains(.data) ? try dataRoot() : nil
        let jpegRoot = groups.contains(.data) ? try jpegTree() : nil
        let reports = try groups.map { try measureInChild($0, omniglotRoot: root, jpegRoot: jpegRoot) }
        let report = Benchmarks.combine(reports)
        print(json ? report.json : report.text)
    }

    /// Measures `group` in a new process: this executable again, as `bench --child` with the
    /// group, the trees (data only) and the iteration options. Its progress lines go to this
    /// process's stderr as they come. Throws a `Failure` naming the group when the child fails.
    private func measureInChild(_ group: Benchmarks.Group, omniglotRoot: String?, jpegRoot: String?) throws
        -> BenchmarkReport
    {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let trees =
            group == .data
            ? (omniglotRoot.map { ["--omniglot", $0] } ?? []) + (jpegRoot.map { ["--jpeg", $0] } ?? []) : []
        process.arguments =
            [
                "bench", "--child", "--group", group.rawValue, "--conv4-iterations", "\(conv4Iterations)",
                "--learner-iterations", "\(learnerIterations)", "--resnet12-episodes", "\(resnet12Episodes)",
            ] + trees
        let output = Pipe()
        process.standardOutput = output
        try Failure.wrapping { try process.run() }
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        try? output.fileHandleForReading.close()
        process.waitUntilExit()
        let decoded = try? ChildAnswer.decoder.decode(ChildAnswer.self, from: answer)
        if let failure = decoded?.failure {
            throw Failure(description: "the \(group) group failed: \(failure)")
        }
        guard let decoded, process.terminationReason == .exit, process.terminationStatus == 0 else {
            let ending =
                process.terminationReason == .exit
                ? "exited with status \(process.terminationStatus)"
                : "was killed by signal \(process.terminationStatus)"
            throw Failure(description: "the \(group) group failed: its process \(ending) before printing its figures")
        }
        var report = BenchmarkReport()
        for figure in decoded.figures { report.record(figure.key, figure.value) }
        return report
    }

    /// The child's part: measures the one group it was given and prints a `ChildAnswer` on stdout,
    /// its figures or why it failed (then exiting with status 1).
    private func answerParent(registry: LearnerRegistry) throws {
        var answer = ChildAnswer()
        do {
            guard group.count == 1 else { throw Failure(description: "bench --child takes one --group") }
            let report = try Benchmarks.measure(
                group[0], registry: registry, conv4Iterations: conv4Iterations,
                learnerIterations: learnerIterations, resnet12Episodes: resnet12Episodes, omniglotRoot: omniglot,
                jpegRoot: jpeg, progress: Self.note)
            answer.figures = report.figures.map { ChildAnswer.Figure(key: $0.key, value: $0.value) }
        } catch {
            answer.failure = String(describing: error)
        }
        print(String(decoding: try ChildAnswer.encoder.encode(answer), as: UTF8.self))
        if answer.failure != nil { throw ExitCode.failure }
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

/// What a `bench --child` process prints for its parent, as JSON: its group's figures, exact and
/// in order, or why it failed.
private struct ChildAnswer: Codable {
    /// One figure.
    struct Figure: Codable {
        let key: String
        let value: Double
    }

    var figures: [Figure] = []
    var failure: String?

    /// Non-finite values (a ratio over a zero) travel as strings.
    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// The child's encoder.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return encoder
    }

    /// The parent's decoder.
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
            nan: nonFinite.nan)
        return decoder
    }
}
