import Foundation
import MetaLearning
import PosixFiles
import Specs

/// A run's saved progress: the learner after `iteration` meta-updates (or the pre-training state
/// after `iteration` epochs) and the bookkeeping that lets a resumed run continue exactly as if it
/// had never stopped.
struct Checkpoint: Codable, Sendable {
    /// Which phase a checkpoint saves, and so what its `iteration` counts.
    enum Phase {
        /// Meta-training: `iteration` counts meta-updates.
        case metaTraining
        /// Pre-training: `iteration` counts epochs, and the state is the pre-training body and classifier.
        case pretraining

        /// The most `iteration` a checkpoint of this phase of `spec` can hold.
        func length(of spec: ExperimentSpec) -> Int {
            self == .metaTraining ? spec.training.iterations : spec.pretraining?.epochs ?? 0
        }
    }

    /// Meta-updates (or pre-training epochs) completed.
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
    /// In a meta-training checkpoint of a run that pre-trained, that phase's summary.
    var pretraining: RunResult.PretrainingSummary?
    /// The SHA-256 of the checkpoint's JSON without this field: a flipped character anywhere (a weight,
    /// the iteration) is detected when it is read, instead of a run silently going on from wrong values.
    var checksum: String?

    /// Reads a checkpoint file of a run of `spec`, verifying its checksum and that its counters fit the spec.
    /// - Throws: `RunError` naming the file: unreadable, malformed, damaged (checksum), or not of this spec.
    static func read(_ url: URL, for spec: ExperimentSpec, phase: Phase = .metaTraining) throws(RunError) -> Checkpoint
    {
        try decoded(readBytes(url), path: url.path, for: spec, phase: phase)
    }

    /// The bytes of the checkpoint file at `url`, unchecked.
    static func readBytes(_ url: URL) throws(RunError) -> [UInt8] {
        do {
            return try FileIO.readBytes(url.path)
        } catch {
            throw .unreadableCheckpoint(path: url.path, reason: error.reason)
        }
    }

    /// The checkpoint in a file's `bytes` (from `path`, named in errors), checked as `read` checks it.
    static func decoded(_ bytes: [UInt8], path: String, for spec: ExperimentSpec, phase: Phase = .metaTraining)
        throws(RunError) -> Checkpoint
    {
        let checkpoint: Checkpoint
        do {
            checkpoint = try JSONDecoder().decode(Checkpoint.self, from: Data(bytes))
        } catch {
            throw .unreadableCheckpoint(path: path, reason: RunJSON.reason(error, decoding: Data(bytes)))
        }
        guard let checksum = checkpoint.checksum, checksum == (try? checkpoint.contentsChecksum()) else {
            throw .damagedCheckpoint(path: path, reason: "its checksum does not match its contents")
        }
        guard checkpoint.specSHA256 == spec.specSHA256 else {
            throw .damagedCheckpoint(path: path, reason: "it belongs to another spec")
        }
        let iterations = phase.length(of: spec)
        guard (0...iterations).contains(checkpoint.iteration), checkpoint.pendingCount >= 0,
            checkpoint.bestIteration.map({ (1...checkpoint.iteration).contains($0) }) ?? true
        else {
            throw .damagedCheckpoint(
                path: path,
                reason: phase == .metaTraining
                    ? "iteration \(checkpoint.iteration) does not fit a run of \(iterations) iterations"
                    : "epoch \(checkpoint.iteration) does not fit a pre-training of \(iterations) epochs")
        }
        return checkpoint
    }

    /// Writes the checkpoint with its checksum, atomically (a crash leaves the previous one intact).
    func write(to url: URL) throws {
        var sealed = self
        sealed.checksum = try contentsChecksum()
        try AtomicFile.write(try Self.encoded(sealed), to: url)
    }

    /// The SHA-256 of the checkpoint's JSON with no checksum field.
    private func contentsChecksum() throws -> String {
        var unsealed = self
        unsealed.checksum = nil
        return SHA256.hexDigest(of: Array(try Self.encoded(unsealed)))
    }

    /// Sorted keys and Swift's shortest round-tripping numbers: decoding and encoding again gives the
    /// same bytes. Throws for a non-finite number, which no checkpoint holds.
    private static func encoded(_ checkpoint: Checkpoint) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(checkpoint)
    }
}
