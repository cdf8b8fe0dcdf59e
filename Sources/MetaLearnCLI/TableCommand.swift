import ArgumentParser
import Experiments
import MetaLearning

/// `metalearn table RESULT_OR_DIR...`: the accuracy table of several runs, or with `--compare` the
/// paired difference of two runs tested on the same episodes.
struct TableCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Accuracy table (mean ± 95% CI, percent): one row per learner, one column per (ways, shots).",
        discussion: """
            A cell is one configuration: runs whose resolved specs (spec.json beside result.json) are equal but for seed \
            (and name, training.checkpointEvery, training.logEvery, dataset.cacheDirectory). Several seeds give their mean \
            and a Student-t 95% interval across seeds; one seed, its interval over test episodes. Runs that differ in \
            anything else get rows of their own, labelled by what differs.
            """)

    @Argument(help: "result.json files or directories holding them (searched recursively).")
    var paths: [String]

    @Option(help: "markdown, csv, latex or json.")
    var format: TableFormat = .markdown

    @Option(
        parsing: .upToNextOption,
        help: "Settings (JSON paths of the spec) whose values make the rows (default: learner.name).")
    var rows: [String] = []

    @Option(
        parsing: .upToNextOption,
        help: "Settings whose values make the columns (default: episodes.ways episodes.shots).")
    var columns: [String] = []

    @Flag(
        help:
            "Compare two runs (directories or result.json files) tested on the same episodes: the mean of their per-episode accuracy differences with its 95% interval."
    )
    var compare = false

    func validate() throws {
        if compare, !(rows.isEmpty && columns.isEmpty) {
            throw ValidationError("--rows and --columns lay out a table; --compare prints one comparison")
        }
        if compare, paths.count != 2 {
            throw ValidationError(
                "--compare takes exactly two runs (directories or result.json files), found \(paths.count)")
        }
    }

    func run(registry: LearnerRegistry) throws {
        if compare {
            let comparison = try Failure.wrapping { try PairedComparison.load(paths[0], paths[1]) }
            print(comparison.rendered(as: format), terminator: "")
            return
        }
        let runs = try Failure.wrapping { try ResultTable.loadRuns(from: paths) }
        let layout = TableLayout(
            rows: rows.isEmpty ? TableLayout.standard.rows : rows,
            columns: columns.isEmpty ? TableLayout.standard.columns : columns)
        if let problem = layout.problem(with: runs) { throw Failure(description: problem) }
        print(
            ResultTable(runs: runs, learnerOrder: registry.names, layout: layout).rendered(as: format), terminator: "")
    }
}

extension TableFormat: ExpressibleByArgument {}
