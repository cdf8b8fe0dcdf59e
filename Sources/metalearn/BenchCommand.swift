import ArgumentParser
import Experiments
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

    @Option(help: "Conv-4 forward+backward iterations for the memory-stability check.")
    var conv4Iterations = 1000

    func run() throws {
        let report = try Benchmarks.run(groups: group.isEmpty ? Benchmarks.Group.allCases : group,
                                        conv4Iterations: conv4Iterations) { line in
            FileHandle.standardError.write(Data(("bench: " + line + "\n").utf8))
        }
        print(json ? report.json : report.text)
    }
}

extension Benchmarks.Group: ExpressibleByArgument {}
