import ArgumentParser
import Experiments
import Foundation
import MetaLearning

/// `metalearn eval RUN_DIR`: re-test a saved run, on its own test episodes or on an episode file's.
struct EvalCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract:
            "Re-test a saved run's best checkpoint (or its last) on its fixed test episodes, or on the episodes of an episode file."
    )

    /// How the figures are printed.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A run directory written by 'metalearn run'.")
    var runDirectory: String

    @Option(help: "Test episodes (default: the spec's evaluation.episodes).")
    var episodes: Int?

    @Option(help: "Test on exactly the episodes of this episode file (docs/episode-files.md) instead.")
    var episodesFile: String?

    @Option(
        help:
            "The folder the episode file's paths are relative to (default: the run's dataset.root, or the folder holding its roots)."
    )
    var root: String?

    @Option(help: "text, or json with each episode's accuracy.")
    var format: OutputFormat = .text

    @Flag(
        help:
            "With --episodes-file and --format json: each episode's query logits too (episodeLogits, [queries][ways]).")
    var logits = false

    @OptionGroup var parallelism: ThreadsOption

    func validate() throws {
        let allowed = EvaluationSpec.episodeCounts
        if let episodes, !allowed.contains(episodes) {
            throw ValidationError(
                "--episodes must be from \(allowed.lowerBound) to \(allowed.upperBound) (as evaluation.episodes), found \(episodes)"
            )
        }
        if episodesFile != nil, episodes != nil {
            throw ValidationError(
                "--episodes and --episodes-file exclude each other: an episode file tests all of its episodes")
        }
        if root != nil, episodesFile == nil {
            throw ValidationError("--root says where an episode file's images are; pass it with --episodes-file")
        }
        if logits, episodesFile == nil || format != .json {
            throw ValidationError(
                "--logits prints the logits of an episode file's episodes as JSON; pass it with --episodes-file and --format json"
            )
        }
    }

    func run(registry: LearnerRegistry) throws {
        let directory = URL(fileURLWithPath: runDirectory)
        let summary = try Failure.wrapping {
            guard let episodesFile else {
                return try SavedRun(directory: directory, registry: registry, threads: parallelism.threads).test(
                    episodes: episodes)
            }
            let file = try EpisodeFile(contentsOf: episodesFile)
            let trained = try TrainedLearner(runDirectory: directory, registry: registry, threads: parallelism.threads)
            return try trained.test(on: file, file: episodesFile, root: root, keepingLogits: logits)
        }
        switch format {
        case .json: print(summary.json, terminator: "")
        case .text:
            print(
                String(
                    format: "%@: test accuracy %.2f ± %.2f%% over %d episodes%@", runDirectory, 100 * summary.accuracy,
                    100 * summary.ci95, summary.episodes, episodesFile.map { " of \($0)" } ?? ""))
        }
    }
}
