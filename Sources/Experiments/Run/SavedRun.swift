import Foundation
import MetaLearning
import Specs

/// A finished or interrupted run directory, reopened to test its parameters again.
public struct SavedRun {
    /// The run's resolved spec (its spec.json).
    public let spec: ExperimentSpec
    let files: RunFiles
    let registry: LearnerRegistry
    let threads: Int

    /// Opens `directory`, decoding its spec.json against `registry`.
    /// - Throws: `SpecErrors` whose lines start with the spec.json's path; `RunError` when the spec's
    ///   numerics need instructions this CPU lacks.
    public init(directory: URL, registry: LearnerRegistry, threads: Int) throws {
        let files = RunFiles(directory: directory)
        do {
            spec = try ExperimentSpec(contentsOf: files.spec, learners: registry)
        } catch {
            throw SpecErrors(error.errors.map { SpecError(path: "", message: "\(files.spec.path): \($0)") })
        }
        try spec.numerics.requireSupport()
        self.files = files
        self.registry = registry
        self.threads = threads
    }

    /// Tests the best checkpoint (the last one when the run did not validate) on the first
    /// `episodes` test episodes (default: the spec's `evaluation.episodes`), in the spec's `numerics` mode;
    /// with `dataset.sources`, on those of every source, pooled in source order (as `result.json`'s `test`).
    public func test(episodes: Int? = nil) throws -> RunResult.TestSummary {
        let trained = try TrainedLearner(self)
        let data = try ExperimentData(spec: spec, threads: threads)
        let outcomes = NumericsMode.with(spec.numerics) {
            data.sources.flatMap { source in
                Evaluation.run(
                    trained.learner, trained.state, on: source.test, episodes: episodes ?? spec.evaluation.episodes,
                    threads: threads)
            }
        }
        return RunResult.TestSummary(episodeAccuracies: outcomes.map { Double($0.accuracy) })
    }
}
