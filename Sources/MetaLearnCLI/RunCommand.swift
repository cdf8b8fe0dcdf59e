import ArgumentParser
import Experiments
import Foundation
import MPIRanks
import MetaLearning

/// `metalearn run SPEC`: train, validate and test one experiment. Under `mpirun` the ranks share
/// each meta-batch and the evaluation episodes, with the same numbers as one process; rank 0
/// writes the run directory and prints.
struct RunCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment spec: meta-train, validate, test; write the run directory.",
        discussion:
            "Under mpirun (mpirun -np N metalearn run SPEC) the ranks divide each meta-batch and the evaluation episodes among themselves; the numbers are those of a single process, and rank 0 alone writes the run directory."
    )

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

    func run(registry: LearnerRegistry) throws {
        SweepParent.endWithSweep()
        let group = MPIProcessGroup.joinLaunchedJob()
        let rank = group?.rank ?? 0
        let experiment = try Failure.wrapping(onRank: rank) {
            try dataset.apply(to: SpecLoading.load(spec, registry: registry, overrides: overrides.overrides()))
        }
        let directory = URL(fileURLWithPath: out ?? "runs/\(experiment.name)")
        if let group, rank == 0 {
            group.printOnTermination(
                "error: the MPI job stopped before the run finished (a rank ended or the job was cancelled); \(directory.path) keeps its last checkpoint: run the same command with --resume to continue\n"
            )
        }
        let options = RunOptions(
            directory: directory, resume: resume, progress: .forStandardError(quiet: quiet),
            threads: parallelism.threads, group: group)
        let result = try Failure.wrapping(onRank: rank) {
            try ExperimentRunner(spec: experiment, registry: registry, options: options).run()
        }
        group?.finish()
        guard rank == 0 else { return }
        if let group, !quiet {
            let traffic = group.traffic
            let largest = traffic.largest
            FileHandle.standardError.write(
                Data(
                    String(
                        format:
                            "mpi: %d ranks, %d exchanges, %.0f µs each waiting for other ranks; the largest gathered %.0f kB in %.0f µs (mean of %d)\n",
                        group.size, traffic.exchanges, 1e6 * traffic.waitingSeconds / Double(max(1, traffic.exchanges)),
                        Double(largest.bytes) / 1e3, 1e6 * largest.transferSeconds / Double(max(1, largest.exchanges)),
                        largest.exchanges
                    ).utf8))
        }
        print(
            String(
                format: "%@: %@ %@ test accuracy %.2f ± %.2f%% over %d episodes (%@)",
                result.name, result.learner, result.episodeShape, 100 * result.test.accuracy,
                100 * result.test.ci95, result.test.episodes, directory.appendingPathComponent("result.json").path))
        for source in result.sources ?? [] {
            print(
                String(
                    format: "  %@%@: %.2f ± %.2f%% over %d episodes", source.name,
                    source.seenInTraining ? "" : " (unseen in training)", 100 * source.test.accuracy,
                    100 * source.test.ci95, source.test.episodes))
        }
    }
}
