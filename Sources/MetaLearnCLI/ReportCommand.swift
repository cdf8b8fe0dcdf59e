import ArgumentParser
import Experiments
import MetaLearning

/// `metalearn report RUN_OR_SWEEP... --out DIR`: one self-contained HTML page over runs of one data set.
struct ReportCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write DIR/index.html: one self-contained page (no network, no scripts) over runs of one data set.",
        discussion: """
            The page holds the accuracy table (the cells 'metalearn table' prints, with their seeds), each table row's \
            training loss, training and validation accuracy as overlaid curves, each run's per-episode test \
            accuracies, paired comparisons of runs tested on the same episodes, what differs between the runs' \
            resolved specs, and each run's machine and numerics. Runs are found as 'metalearn table' finds them.
            """)

    @Argument(help: "Run directories, sweep directories or result.json files (directories are searched recursively).")
    var paths: [String] = []

    @Option(help: "The folder to write index.html into; it must not exist unless --force is given.")
    var out: String

    @Flag(help: "Replace the page in --out if --out is a report folder metalearn made (and nothing else).")
    var force = false

    func validate() throws {
        if paths.isEmpty {
            throw ValidationError("name at least one run directory, sweep directory or result.json file")
        }
    }

    func run(registry: LearnerRegistry) throws {
        let count = try Failure.wrapping {
            let runs = try ReportRun.load(from: paths)
            let page = ReportPage(runs: runs, learnerOrder: registry.names)
            try ReportOutput.write(page.html, to: out, replacing: force)
            return runs.count
        }
        print("wrote a report over \(count) run\(count == 1 ? "" : "s") to \(out)/\(ReportOutput.pageName)")
    }
}
