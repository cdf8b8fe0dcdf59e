import ArgumentParser
import Experiments

/// `metalearn table RESULT_OR_DIR...`: the accuracy table of several runs.
struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Accuracy table (mean ± 95% CI, percent): one row per learner, one column per (ways, shots).")

    @Argument(help: "result.json files or directories holding them (searched recursively).")
    var paths: [String]

    @Option(help: "markdown, csv, latex or json.")
    var format: TableFormat = .markdown

    func run() throws {
        let results = try Failure.wrapping { try ResultTable.loadResults(from: paths) }
        print(ResultTable(results: results, learnerOrder: CommandContext.registry.names).rendered(as: format), terminator: "")
    }
}

extension TableFormat: ExpressibleByArgument {}
