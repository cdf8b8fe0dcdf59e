import ArgumentParser
import Experiments
import Foundation
import MetaLearning

/// `metalearn episodes`: fixed episode files.
struct EpisodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "episodes",
        abstract:
            "Fixed episode files (docs/episode-files.md): the same episodes for every learner of every framework.",
        subcommands: [Export.self])

    /// `metalearn episodes export SPEC --split test --count N --out F`: a spec's own episodes, by file.
    struct Export: LearnerCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a spec's own episodes (those its run trains, validates or is tested on) as an episode file.")

        @Argument(help: "The JSON experiment spec.")
        var spec: String

        @Option(help: "train, validation or test.")
        var split: EpisodeSplit = .test

        @Option(
            help:
                "Episodes 0..<count (default: evaluation.episodes for test, training.validationEpisodes for validation)."
        )
        var count: Int?

        @Option(help: "The episode file to write.")
        var out: String

        @Option(
            help:
                "The folder the written paths are relative to (default: the spec's dataset.root, or the folder holding its roots)."
        )
        var root: String?

        @OptionGroup var overrides: SpecOverridesOption

        @OptionGroup var parallelism: ThreadsOption

        func validate() throws {
            if let count, !(1...EvaluationSpec.episodeCounts.upperBound).contains(count) {
                throw ValidationError(
                    "--count must be from 1 to \(EvaluationSpec.episodeCounts.upperBound), found \(count)")
            }
            if count == nil, split == .train {
                throw ValidationError("--count is needed for training episodes (they have no fixed number)")
            }
        }

        func run(registry: LearnerRegistry) throws {
            let experiment = try SpecLoading.load(spec, registry: registry, overrides: overrides.overrides())
            let episodes =
                count ?? (split == .test ? experiment.evaluation.episodes : experiment.training.validationEpisodes)
            try Failure.wrapping {
                try EpisodeFile.export(
                    spec: experiment, split: split, count: episodes, root: root, threads: parallelism.threads
                )
                .write(to: out)
            }
            print("wrote \(episodes) \(split.rawValue) episodes of \(experiment.name) to \(out)")
        }
    }
}

extension EpisodeSplit: ExpressibleByArgument {}
