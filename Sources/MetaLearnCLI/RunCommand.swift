import ArgumentParser
import Experiments
import Foundation

/// `metalearn run SPEC`: train, validate and test one experiment.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment spec: meta-train, validate, test; write the run directory.")

    @Argument(help: "The JSON experiment spec.")
    var spec: String

    @Option(help: "The run directory (default: runs/<spec name>).")
    var out: String?

    @OptionGroup var dataset: DatasetRootOption

    @OptionGroup var overrides: SpecOverridesOption

    @Flag(help: "Continue the run in the directory from its last checkpoint.")
    var resume = false

    @Flag(help: "Print nothing but errors and the final result.")
    var quiet = false

    @OptionGroup var parallelism: ThreadsOption

    func run() throws {
        SweepParent.endWithSweep()
        let experiment = dataset.apply(to: try SpecLoading.load(spec, overrides: overrides.overrides()))
        let directory = URL(fileURLWithPath: out ?? "runs/\(experiment.name)")
        let options = RunOptions(directory: directory, resume: resume, progress: .forStandardError(quiet: quiet),
                                 threads: parallelism.threads)
        let result = try Failure.wrapping { try ExperimentRunner(spec: experiment, registry: CommandContext.registry, options: options).run() }
        print(String(format: "%@: %@ %d-way %d-shot test accuracy %.2f ± %.2f%% over %d episodes (%@)",
                     result.name, result.learner, result.ways, result.shots, 100 * result.test.accuracy,
                     100 * result.test.ci95, result.test.episodes, directory.appendingPathComponent("result.json").path))
    }
}
