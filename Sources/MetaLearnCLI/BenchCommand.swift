import ArgumentParser
import Benchmarks
import Foundation

/// `metalearn bench`: throughput figures of the hot paths.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the hot paths (engine, data, learners) and print their figures.")

    @Flag(help: "Print one JSON object instead of aligned lines.")
    var json = false

    @Option(help: "Measure only these groups (engine, data, learners); repeatable.")
    var group: [Benchmarks.Group] = []

    @Option(help: "Conv-4 forward+backward passes, each timed (the best is reported) and followed by a memory reading.")
    var conv4Iterations = 1000

    @Option(help: "Rounds of timed meta-iterations: one per learner each round (20 episodes for protonet), the learners taking turns; the best is reported.")
    var learnerIterations = 12

    @Option(help: "Omniglot-style tree for the data figures (default: ../shared/datasets/omniglot-subset, or $METALEARN_OMNIGLOT).")
    var omniglot: String?

    func run() throws {
        let candidates = [omniglot, ProcessInfo.processInfo.environment["METALEARN_OMNIGLOT"], "../shared/datasets/omniglot-subset"]
        let root = candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
        let report = try Benchmarks.run(groups: group.isEmpty ? Benchmarks.Group.allCases : group, registry: CommandContext.registry,
                                        conv4Iterations: conv4Iterations, learnerIterations: learnerIterations,
                                        omniglotRoot: root) { line in
            FileHandle.standardError.write(Data(("bench: " + line + "\n").utf8))
        }
        print(json ? report.json : report.text)
    }
}

extension Benchmarks.Group: ExpressibleByArgument {}
