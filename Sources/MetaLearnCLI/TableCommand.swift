import ArgumentParser
import Experiments

/// `metalearn table RESULT_OR_DIR...`: the accuracy table of several runs, or with `--compare` the
/// paired difference of two runs tested on the same episodes.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Accuracy table (mean ± 95% CI, percent): one row per learner, one column per (ways, shots).")

    @Argument(help: "result.json files or directories holding them (searched recursively).")
    var paths: [String]

    @Option(help: "markdown, csv, latex or json.")
    var format: TableFormat = .markdown

    @Flag(help: "Compare two runs (directories or result.json files) tested on the same episodes: the mean of their per-episode accuracy differences with its 95% interval.")
    var compare = false

    func validate() throws {
        if compare, paths.count != 2 {
            throw ValidationError("--compare takes exactly two runs (directories or result.json files), found \(paths.count)")
        }
    }

    func run() throws {
        if compare {
            let comparison = try Failure.wrapping { try PairedComparison.load(paths[0], paths[1]) }
            print(comparison.rendered(as: format), terminator: "")
            return
        }
        let results = try Failure.wrapping { try ResultTable.loadResults(from: paths) }
        print(ResultTable(results: results, learnerOrder: CommandContext.registry.names).rendered(as: format), terminator: "")
    }
}

extension TableFormat: ExpressibleByArgument {}
