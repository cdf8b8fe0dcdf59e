import ArgumentParser
import Experiments
import Foundation
import MetaLearning

/// `metalearn sweep SWEEP`: every combination of a sweep file, each a run of its own, then their table.
struct SweepCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract:
            "Run every combination of a sweep file (runs/<sweep>/<combination>/), J at a time, then print their table.",
        discussion: """
            Each run is a child process 'metalearn run' with its own run directory and --threads cores/J. Started again, \
            a sweep skips finished runs and resumes interrupted ones. Under mpirun (or Slurm), rank r of n runs the \
            combinations i with i % n == r, J at a time.
            """)

    @Argument(help: "The JSON sweep file.")
    var sweep: String

    @Option(help: "Runs going on at once on this machine (in each rank under mpirun).")
    var jobs = 1

    @Option(help: "Threads of each run (default: cores / jobs). Results do not depend on it.")
    var threads: Int?

    @Option(help: "The sweep's folder (default: runs/<sweep name>).")
    var out: String?

    @OptionGroup var dataset: DatasetRootOption

    @Flag(help: "Check every combination and list the runs without running anything.")
    var dryRun = false

    @Option(help: "The final table's format: markdown, csv, latex or json.")
    var format: TableFormat = .markdown

    func validate() throws {
        guard (1...ThreadsOption.most).contains(jobs) else {
            throw ValidationError("--jobs must be from 1 to \(ThreadsOption.most), found \(jobs)")
        }
        if let threads, !(1...ThreadsOption.most).contains(threads) {
            throw ValidationError("--threads must be from 1 to \(ThreadsOption.most), found \(threads)")
        }
    }

    func run(registry: LearnerRegistry) throws {
        let (_, runs) = try SweepLoading.load(sweep, registry: registry, folder: out, dataset: dataset)
        let problems = SweepLoading.dataProblems(runs, path: sweep, registry: registry)
        guard problems.isEmpty else { throw Failure(description: problems.joined(separator: "\n")) }
        let share = RankShare.from(environment: ProcessInfo.processInfo.environment)
        let folder = runs[0].directory.deletingLastPathComponent()
        if dryRun {
            for run in runs where share.owns(run.combination.index) {
                print(
                    "\(run.isStale ? "stale   " : run.isFinished ? "finished" : run.isStarted ? "resume  " : "new     ") \(run.directory.path)"
                )
            }
            print("ok: \(runs.count) combinations")
            return
        }
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let options = SweepOptions(
            directory: folder, jobs: jobs, threadsPerRun: threads, share: share, executable: executable)
        let outcome = try Failure.wrapping { try SweepRunner(runs: runs, options: options).run() }
        if share.size > 1 {
            print(
                "rank \(share.rank) of \(share.size): \(outcome.finished)/\(outcome.total) of its runs done; "
                    + "when every rank is done: metalearn table \(folder.path)")
        } else {
            let finished = runs.filter(\.isFinished).map(\.directory.path)
            if !finished.isEmpty {
                let results = try Failure.wrapping { try ResultTable.loadRuns(from: finished) }
                print(ResultTable(runs: results, learnerOrder: registry.names).rendered(as: format), terminator: "")
            }
        }
        guard outcome.failures.isEmpty else {
            throw Failure(
                description:
                    "\(outcome.failures.count) of \(outcome.total) runs failed; start the sweep again to retry them:\n"
                    + outcome.failures.joined(separator: "\n"))
        }
    }
}
