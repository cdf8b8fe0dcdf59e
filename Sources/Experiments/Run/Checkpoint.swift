import Specs
import Foundation
import MetaLearning

/// A run's saved progress: the learner after `iteration` meta-updates and the bookkeeping that
/// lets a resumed run continue exactly as if it had never stopped.
struct Checkpoint: Codable, Sendable {
    /// Meta-updates completed.
    var iteration: Int
    /// The learner's full state (meta-parameters, learned rates, optimizer state).
    var learner: LearnerState
    /// The best validation accuracy so far and its iteration, if validated yet.
    var bestValidationAccuracy: Double?
    var bestIteration: Int?
    /// Training seconds over all sessions so far.
    var trainSeconds: Double
    /// Sums over the training iterations not yet written to metrics.jsonl.
    var pendingLoss: Double
    var pendingAccuracy: Double
    var pendingCount: Int
    /// The spec the run belongs to.
    var specSHA256: String

    /// Reads a checkpoint file.
    static func read(_ url: URL) throws -> Checkpoint {
        do {
            return try JSONDecoder().decode(Checkpoint.self, from: Data(contentsOf: url))
        } catch {
            throw RunError.unreadableCheckpoint(path: url.path, reason: RunJSON.reason(error))
        }
    }

    /// Writes the checkpoint atomically (a crash leaves the previous one intact).
    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }
}
