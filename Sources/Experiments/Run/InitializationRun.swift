import Foundation
import MetaLearning
import Specs

/// The trained body a spec's `model.initialization` names: the state of a finished run directory's
/// tested checkpoint (`best.json`, else `checkpoint.json`) when that run meta-trained, else the body
/// its pre-training phase chose (`pretraining-best.json`, which holds the base-class mean too).
enum InitializationRun {
    /// `learnerStart` (a learner's initial state) with the body of the run at `path` installed.
    /// - Throws: `RunError.initialization` naming the path: not a finished run, no checkpoint, or a
    ///   body the learner cannot start from (another model, no base-class mean).
    static func start(_ learnerStart: LearnerState, from path: String, registry: LearnerRegistry) throws
        -> LearnerState
    {
        let directory = URL(fileURLWithPath: path)
        let run: SavedRun
        do {
            run = try SavedRun(directory: directory, registry: registry, threads: 1)
        } catch let error as SpecErrors {
            throw RunError.initialization(path: path, reason: error.errors.map(\.message).joined(separator: "; "))
        }
        let files = RunFiles(directory: directory)
        let exists = { (url: URL) in FileManager.default.fileExists(atPath: url.path) }
        guard exists(files.result) else {
            throw RunError.initialization(
                path: path, reason: "the run has not finished (no result.json); finish it with `metalearn run --resume`"
            )
        }
        let source: (url: URL, phase: Checkpoint.Phase)
        if run.spec.training.iterations > 0 {
            source = (exists(files.best) ? files.best : files.checkpoint, .metaTraining)
        } else {
            source = (files.pretrainingBest, .pretraining)
        }
        guard exists(source.url) else {
            throw RunError.initialization(path: path, reason: "it holds no \(source.url.lastPathComponent)")
        }
        let saved = try Checkpoint.read(source.url, for: run.spec, phase: source.phase)
        do {
            return try learnerStart.startingFrom(saved.learner)
        } catch {
            throw RunError.initialization(path: path, reason: error.description)
        }
    }
}
