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
    /// - Throws: `SpecErrors` whose lines start with the spec.json's path.
    public init(directory: URL, registry: LearnerRegistry, threads: Int) throws {
        let files = RunFiles(directory: directory)
        do {
            spec = try ExperimentSpec(contentsOf: files.spec, learners: registry)
        } catch {
            throw SpecErrors(error.errors.map { SpecError(path: "", message: "\(files.spec.path): \($0)") })
        }
        self.files = files
        self.registry = registry
        self.threads = threads
    }

    /// Tests the best checkpoint (the last one when the run did not validate) on the first
    /// `episodes` test episodes (default: the spec's `evaluation.episodes`).
    public func test(episodes: Int? = nil) throws -> AccuracySummary {
        let source = FileManager.default.fileExists(atPath: files.best.path) ? files.best : files.checkpoint
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw RunError.noCheckpoint(directory: files.directory.path)
        }
        let checkpoint = try Checkpoint.read(source, for: spec)
        let data = try ExperimentData(spec: spec, threads: threads)
        let learner = LearnerFactory.make(spec: spec, registry: registry, channels: data.channels,
                                          imageSize: data.imageSize, threads: threads)
        try learner.restore(checkpoint.learner)
        let outcomes = Evaluation.run(learner, on: data.test, episodes: episodes ?? spec.evaluation.episodes, threads: threads)
        return AccuracySummary(outcomes.map { Double($0.accuracy) })
    }
}
