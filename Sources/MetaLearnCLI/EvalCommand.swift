import ArgumentParser
import Experiments
import Foundation

/// `metalearn eval RUN_DIR`: re-test a saved run.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Re-test a saved run's best checkpoint (or its last) on its fixed test episodes.")

    @Argument(help: "A run directory written by 'metalearn run'.")
    var runDirectory: String

    @Option(help: "Test episodes (default: the spec's evaluation.episodes).")
    var episodes: Int?

    @OptionGroup var parallelism: ThreadsOption

    func validate() throws {
        let allowed = EvaluationSpec.episodeCounts
        if let episodes, !allowed.contains(episodes) {
            throw ValidationError("--episodes must be from \(allowed.lowerBound) to \(allowed.upperBound) (as evaluation.episodes), found \(episodes)")
        }
    }

    func run() throws {
        let summary = try Failure.wrapping {
            try SavedRun(directory: URL(fileURLWithPath: runDirectory), registry: CommandContext.registry, threads: parallelism.threads).test(episodes: episodes)
        }
        print(String(format: "%@: test accuracy %.2f ± %.2f%% over %d episodes", runDirectory,
                     100 * summary.accuracy, 100 * summary.ci95, summary.episodes))
    }
}
