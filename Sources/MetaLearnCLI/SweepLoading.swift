import Experiments
import Foundation
import MetaLearning

/// Reads a sweep file and resolves every combination against the executable's learners, turning every
/// problem into one `Failure` that lists each error with its combination and JSON path.
enum SweepLoading {
    /// The sweep and its runs, resolved against `registry`, in `folder` (default `runs/<sweep name>`), with `roots` replacing each spec's data set.
    static func load(_ path: String, registry: LearnerRegistry, folder: String?, dataset: DatasetRootOption) throws -> (
        sweep: SweepSpec, runs: [SweepRun]
    ) {
        let url = URL(fileURLWithPath: path)
        let sweep: SweepSpec
        let resolved: [(SweepCombination, ExperimentSpec)]
        do {
            sweep = try SweepSpec(contentsOf: url)
            resolved = try sweep.resolve(relativeTo: url.deletingLastPathComponent(), learners: registry)
        } catch {
            throw Failure(description: error.errors.map { "\(path): \($0)" }.joined(separator: "\n"))
        }
        let directory = URL(fileURLWithPath: folder ?? "runs/\(sweep.name)")
        return (
            sweep, try resolved.map { SweepRun(combination: $0.0, spec: try dataset.apply(to: $0.1), in: directory) }
        )
    }

    /// Every data problem of every run (missing folders, too few classes, too little memory), each naming its combination.
    static func dataProblems(_ runs: [SweepRun], path: String, registry: LearnerRegistry) -> [String] {
        runs.flatMap { run in
            DataCheck.problems(run.spec, learner: registry.descriptor(named: run.spec.learner.name)).map {
                "\(path): combination \(run.combination.index + 1) (\(run.combination.label)): \($0)"
            }
        }
    }
}
