import FewShotData
import Foundation
import MetaLearning
import PosixFiles
import Specs

/// How to run a spec: where, whether to resume, how to report, how many threads and processes.
public struct RunOptions: Sendable {
    /// The run directory (created when missing).
    public var directory: URL
    /// Continue from the directory's checkpoint instead of starting.
    public var resume: Bool
    /// Where progress goes.
    public var progress: ProgressReporter.Mode
    /// Tasks run in parallel (results do not depend on it).
    public var threads: Int
    /// The ranks the run is spread over (under `mpirun`), or nil for this process alone. Results do
    /// not depend on it; only rank 0 reports progress and touches the run directory.
    public var group: (any ProcessGroup)?

    /// Options with the given directory; by default a fresh run, progress on standard error, all cores, one process.
    public init(
        directory: URL, resume: Bool = false, progress: ProgressReporter.Mode = .forStandardError(quiet: false),
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, group: (any ProcessGroup)? = nil
    ) {
        self.directory = directory
        self.resume = resume
        self.progress = progress
        self.threads = max(1, threads)
        self.group = group
    }

    /// Whether this process writes the run directory: rank 0, or the only process.
    var writes: Bool { (group?.rank ?? 0) == 0 }
}

/// Runs one experiment spec end to end: loads its data, meta-trains with periodic logging,
/// validation and checkpoints, tests the best checkpoint, and writes the run directory
/// (`spec.json`, `metrics.jsonl` and its TensorBoard view `tensorboard/`, `checkpoint.json`,
/// `best.json`, `result.json`, `report.md`, `curves.svg`). Every file is written atomically or,
/// for the logs, appended a record at a time.
///
/// A run killed at any moment and resumed from its directory ends with the same numbers as an
/// uninterrupted one: episodes are pure functions of (seed, index), the checkpoint holds the
/// learner's full state and the pending log sums, and metrics.jsonl is cut back to the checkpoint
/// (and the TensorBoard log rewritten from what it keeps).
///
/// Under a `ProcessGroup` (`RunOptions.group`) every rank runs this same loop on its share of each
/// meta-batch and of the evaluation episodes and ends with the same learner and numbers; rank 0
/// alone holds the directory and writes it, and hands the checkpoints it reads to the other ranks.
public final class ExperimentRunner {
    let spec: ExperimentSpec
    let registry: LearnerRegistry
    let options: RunOptions
    var files: RunFiles { RunFiles(directory: options.directory) }

    /// A runner for `spec` (already validated against `registry`).
    public init(spec: ExperimentSpec, registry: LearnerRegistry, options: RunOptions) {
        self.spec = spec
        self.registry = registry
        self.options = options
    }

    /// Runs (or resumes) the experiment and returns its result, also written to `result.json`. The
    /// run directory is held by this process (rank 0 of a group) alone until it returns. The engine
    /// runs in the spec's `numerics` mode.
    public func run() throws -> RunResult {
        try spec.numerics.requireSupport(across: options.group)
        let directory = options.writes ? try RunDirectory(options.directory) : nil
        do {
            return try ProcessGroups.with(options.group) {
                try NumericsMode.with(spec.numerics) { try run(holding: directory) }
            }
        } catch {
            directory?.discardIfUnused()
            throw error
        }
    }

    private func run(holding directory: RunDirectory?) throws -> RunResult {
        let start = try startingCheckpoints()
        let checkpoint = start.metaTraining
        let progress = ProgressReporter(
            total: spec.training.iterations, startIteration: checkpoint?.iteration ?? 0,
            mode: options.writes ? options.progress : .quiet, every: spec.training.logEvery)
        // The data is checked before anything is written, so a spec or data problem leaves no directory behind.
        let data = try loadData()
        data.notes.forEach(progress.note)
        let learner = LearnerFactory.make(
            spec: spec, registry: registry, channels: data.channels,
            imageSize: data.imageSize, threads: options.threads)
        var state = TrainingState(checkpoint: checkpoint, specSHA256: spec.specSHA256)
        var learned = learner.initialState()
        if checkpoint == nil, let path = spec.initialization {
            learned = try InitializationRun.start(learned, from: path, registry: registry)
        }
        // A run resumed in meta-training has its pre-training behind it.
        let pretraining = try spec.pretraining.flatMap { _ in
            checkpoint == nil
                ? try PretrainingPhase(runner: self, data: data, learner: learner, learnerStart: learned) : nil
        }
        var log = RunLog(metrics: MetricsLog(url: files.metrics), tensorBoard: nil)
        try writing {
            try AtomicFile.write(spec.canonicalJSON, to: files.spec)
            let kept = checkpoint?.iteration ?? 0
            let keptEpochs = checkpoint != nil ? Int.max : start.pretraining?.iteration ?? 0
            try log.metrics.truncate { record in
                record.phase.isPretraining ? record.iteration <= keptEpochs : record.iteration <= kept
            }
            log.tensorBoard = try TensorBoardLog.open(
                in: options.directory, specSHA256: spec.specSHA256, records: log.metrics.records())
        }
        var pretrainingSummary: RunResult.PretrainingSummary?
        if let checkpoint {
            learned = try Self.restored(checkpoint.learner, fitting: learned)
            pretrainingSummary = checkpoint.pretraining
            progress.note("resuming \(spec.name) at iteration \(checkpoint.iteration) of \(spec.training.iterations)")
        } else if let pretraining {
            let (backbone, summary) = try pretraining.run(from: start.pretraining, log: log, progress: progress)
            learned = try pretraining.startedLearner(from: backbone)
            pretrainingSummary = summary
            state.trainSeconds = summary.seconds
        }
        state.pretraining = pretrainingSummary
        try train(learner, &learned, data: data, state: &state, log: log, progress: progress)
        progress.finish()

        if state.bestIteration != nil {
            guard let best = try sharedCheckpoint(files.best) else {
                preconditionFailure("rank 0 sent no best checkpoint")
            }
            learned = try Self.restored(best.learner, fitting: learned)
        }
        let tests = test(learner, learned, on: data)
        let validation = state.bestValidationAccuracy.map {
            RunResult.ValidationSummary(bestAccuracy: $0, bestIteration: state.bestIteration ?? 0)
        }
        var result = RunResult(
            spec: spec, testAccuracies: tests.flatMap { $0 }, validation: validation,
            trainSeconds: state.trainSeconds)
        if data.single == nil {
            result.sources = zip(data.sources, tests).map { source, accuracies in
                RunResult.SourceTest(
                    name: source.name ?? "", seenInTraining: source.seenInTraining,
                    test: RunResult.TestSummary(episodeAccuracies: accuracies))
            }
        }
        result.pretraining = pretrainingSummary
        result.testDataDigest = data.testDataDigest
        try writing { try writeReports(result) }
        return result
    }

    /// Test episodes evaluated at a time between two progress lines.
    static let testEpisodesPerProgressLine = 50

    /// The test accuracies of every source, in source and episode order, with a progress line of
    /// test episodes done, their running loss and accuracy, the rate and the time left.
    private func test(_ learner: any Learner, _ state: LearnerState, on data: ExperimentData) -> [[Double]] {
        let count = spec.evaluation.episodes
        let chunk = Self.testEpisodesPerProgressLine
        let progress = ProgressReporter(
            total: count * data.sources.count, mode: options.writes ? options.progress : .quiet, every: chunk,
            label: "test episode")
        defer { progress.finish() }
        var done = 0
        var sums = (loss: 0.0, accuracy: 0.0)
        return data.sources.map { source in
            stride(from: 0, to: count, by: chunk).flatMap { start in
                let metrics = Evaluation.run(
                    learner, state, on: source.test, episodes: start..<min(count, start + chunk),
                    threads: options.threads)
                done += metrics.count
                sums.loss += metrics.reduce(0) { $0 + Double($1.loss) }
                sums.accuracy += metrics.reduce(0) { $0 + Double($1.accuracy) }
                progress.update(
                    iteration: done, loss: sums.loss / Double(done), accuracy: sums.accuracy / Double(done))
                return metrics.map { Double($0.accuracy) }
            }
        }
    }

    /// The run's data. Under a group, rank 0 loads first (generating a synthetic data set, writing
    /// the image cache) and the other ranks after it, from what it wrote where they share its files.
    private func loadData() throws -> ExperimentData {
        let learnerDescriptor = registry.descriptor(named: spec.learner.name)
        guard let group = options.group, group.size > 1 else {
            return try ExperimentData(spec: spec, threads: options.threads, trainingWith: learnerDescriptor)
        }
        if group.rank != 0 { _ = group.broadcastFromFirst([]) }
        let data = try ExperimentData(spec: spec, threads: options.threads, trainingWith: learnerDescriptor)
        if group.rank == 0 { _ = group.broadcastFromFirst([]) }
        return data
    }

    /// The checkpoint rank 0 reads from `url` (none when nil there), on every rank: the other ranks
    /// decode the bytes rank 0 sends (their `url` is ignored), so they need no access to the directory.
    func sharedCheckpoint(_ url: URL?, phase: Checkpoint.Phase = .metaTraining) throws(RunError) -> Checkpoint? {
        guard let group = options.group, group.size > 1 else {
            return try url.map { url throws(RunError) in try Checkpoint.read(url, for: spec, phase: phase) }
        }
        if group.rank == 0 {
            let bytes = try url.map { url throws(RunError) in try Checkpoint.readBytes(url) }
            let checkpoint = try url.map { url throws(RunError) in
                try Checkpoint.decoded(bytes ?? [], path: url.path, for: spec, phase: phase)
            }
            _ = group.broadcastFromFirst(bytes ?? [])
            return checkpoint
        }
        let bytes = group.broadcastFromFirst([])
        return bytes.isEmpty
            ? nil : try Checkpoint.decoded(bytes, path: "the checkpoint rank 0 sent", for: spec, phase: phase)
    }

    /// The checkpoints to continue from, on every rank: the meta-training one when the run got that
    /// far, otherwise the pre-training one when there is one; both nil to start afresh. Rank 0 checks
    /// the directory (see `checkedStart`) and sends the checkpoints to the others.
    private func startingCheckpoints() throws -> (metaTraining: Checkpoint?, pretraining: Checkpoint?) {
        let resumes = options.writes ? try checkedStart() : false
        let fileManager = FileManager.default
        let metaTraining = try sharedCheckpoint(
            resumes && fileManager.fileExists(atPath: files.checkpoint.path) ? files.checkpoint : nil)
        guard metaTraining == nil else { return (metaTraining, nil) }
        let pretraining = try sharedCheckpoint(
            resumes && fileManager.fileExists(atPath: files.pretrainingCheckpoint.path)
                ? files.pretrainingCheckpoint : nil, phase: .pretraining)
        return (nil, pretraining)
    }

    /// Whether the run continues from the directory's checkpoint (false: it starts at iteration 0);
    /// throws when the directory holds something this run must not overwrite (another run's
    /// TensorBoard folder included). A directory whose run stopped before its first checkpoint (same
    /// spec, no checkpoint, no result) starts over: nothing in it is lost.
    private func checkedStart() throws -> Bool {
        let resumes = try checkedResume()
        try TensorBoardLog.checkOwnership(in: options.directory, specSHA256: spec.specSHA256)
        return resumes
    }

    /// `checkedStart` for the run's own files.
    private func checkedResume() throws -> Bool {
        let fileManager = FileManager.default
        let directory = options.directory.path
        let savedSpec = try? FileIO.readText(files.spec.path)
        let hasCheckpoint = [files.checkpoint, files.pretrainingCheckpoint].contains {
            fileManager.fileExists(atPath: $0.path)
        }
        if options.resume {
            guard let savedSpec else { throw RunError.nothingToResume(directory: directory) }
            guard savedSpec == spec.canonicalJSON else { throw RunError.specChanged(directory: directory) }
            return hasCheckpoint
        }
        let unfinishedStart =
            savedSpec == spec.canonicalJSON && !hasCheckpoint
            && !fileManager.fileExists(atPath: files.result.path)
        if savedSpec != nil && !unfinishedStart || hasCheckpoint {
            throw RunError.existingRun(directory: directory)
        }
        return false
    }

    /// `saved`, once it is known to fit the learner whose state `current` is.
    static func restored(_ saved: LearnerState, fitting current: LearnerState) throws(LearnerStateError) -> LearnerState
    {
        try saved.checkFits(current)
        return saved
    }

    private func train(
        _ learner: any Learner, _ learned: inout LearnerState, data: ExperimentData, state: inout TrainingState,
        log: RunLog, progress: ProgressReporter
    ) throws {
        let training = spec.training
        guard state.iteration < training.iterations else { return }
        func append(_ record: MetricsRecord) throws {
            try writing { try log.append(record) }
        }
        let episodes = TrainingEpisodeQueue(
            data.training, batchSize: training.metaBatchSize, start: state.iteration * training.metaBatchSize)
        defer { episodes.stop() }
        var clock = ProgressReporter.monotonicSeconds()
        func elapsed() -> Double { state.addTime(since: &clock) }
        // Images trained on and seconds spent training since the last training record, in this session.
        var span = (images: 0, seconds: 0.0)
        while state.iteration < training.iterations {
            let started = ProgressReporter.monotonicSeconds()
            let tasks = episodes.next().map(FewShotTask.init)
            let metrics = learner.metaTrain(&learned, on: tasks, iteration: state.iteration)
            span.images += tasks.reduce(0) { $0 + $1.supportLabels.count + $1.queryLabels.count }
            span.seconds += ProgressReporter.monotonicSeconds() - started
            state.iteration += 1
            let done = state.iteration
            let last = done == training.iterations
            guard metrics.loss.isFinite else {
                throw RunError.diverged(
                    iteration: done, lastCheckpoint: state.lastCheckpoint, directory: options.directory.path)
            }
            state.pendingLoss += Double(metrics.loss)
            state.pendingAccuracy += Double(metrics.accuracy)
            state.pendingCount += 1
            progress.update(iteration: done, loss: Double(metrics.loss), accuracy: Double(metrics.accuracy))
            if done % training.logEvery == 0 || last {
                let count = Double(state.pendingCount)
                try append(
                    MetricsRecord(
                        iteration: done, phase: .train, loss: state.pendingLoss / count,
                        accuracy: state.pendingAccuracy / count, seconds: elapsed(),
                        learningRate: learner.metaLearningRate(iteration: done - 1),
                        imagesPerSecond: span.seconds > 0 ? Double(span.images) / span.seconds : nil))
                (state.pendingLoss, state.pendingAccuracy, state.pendingCount) = (0, 0, 0)
                span = (0, 0)
            }
            if spec.validates, !data.validationSamplers.isEmpty, done % training.validateEvery == 0 || last {
                let mean = Evaluation.meanOverSources(
                    learner, learned, on: data.validationSamplers, episodes: training.validationEpisodes,
                    threads: options.threads)
                try append(
                    MetricsRecord(
                        iteration: done, phase: .validation, loss: Double(mean.loss),
                        accuracy: Double(mean.accuracy), seconds: elapsed()))
                var note = String(format: "validation at %d: accuracy %.2f%%", done, 100 * mean.accuracy)
                if Double(mean.accuracy) > state.bestValidationAccuracy ?? -1 {
                    state.bestValidationAccuracy = Double(mean.accuracy)
                    state.bestIteration = done
                    try writing { try state.checkpoint(learned, elapsed: elapsed()).write(to: files.best) }
                    note += " (best so far)"
                }
                progress.note(note)
            }
            if done % training.checkpointEvery == 0 || last {
                guard learned.parameters.values.allSatisfy(\.isFinite) else {
                    throw RunError.diverged(
                        iteration: done, lastCheckpoint: state.lastCheckpoint, directory: options.directory.path)
                }
                try writing { try state.checkpoint(learned, elapsed: elapsed()).write(to: files.checkpoint) }
                state.lastCheckpoint = done
            }
        }
    }

    /// Runs `write` on the rank that writes the run directory, and nothing on the others.
    func writing(_ write: () throws -> Void) rethrows {
        if options.writes { try write() }
    }

    private func writeReports(_ result: RunResult) throws {
        try AtomicFile.write(result.jsonData(), to: files.result)
        try AtomicFile.write(RunReport.markdown(result: result, spec: spec), to: files.report)
        let records = try MetricsLog(url: files.metrics).records()
        try AtomicFile.write(CurvesPlot.svg(records: records, title: spec.name), to: files.curves)
    }
}

/// The files of a run directory.
struct RunFiles {
    let directory: URL
    var spec: URL { directory.appendingPathComponent("spec.json") }
    var metrics: URL { directory.appendingPathComponent("metrics.jsonl") }
    var checkpoint: URL { directory.appendingPathComponent("checkpoint.json") }
    var best: URL { directory.appendingPathComponent("best.json") }
    var pretrainingCheckpoint: URL { directory.appendingPathComponent("pretraining-checkpoint.json") }
    var pretrainingBest: URL { directory.appendingPathComponent("pretraining-best.json") }
    var result: URL { directory.appendingPathComponent("result.json") }
    var report: URL { directory.appendingPathComponent("report.md") }
    var curves: URL { directory.appendingPathComponent("curves.svg") }
}

/// The loop's bookkeeping, saved with every checkpoint.
struct TrainingState {
    var iteration = 0
    var bestValidationAccuracy: Double?
    var bestIteration: Int?
    var trainSeconds = 0.0
    var pendingLoss = 0.0, pendingAccuracy = 0.0, pendingCount = 0
    var lastCheckpoint: Int?
    /// The pre-training phase before meta-training, saved with every meta-training checkpoint.
    var pretraining: RunResult.PretrainingSummary?
    let specSHA256: String

    init(checkpoint: Checkpoint?, specSHA256: String) {
        self.specSHA256 = specSHA256
        guard let checkpoint else { return }
        iteration = checkpoint.iteration
        bestValidationAccuracy = checkpoint.bestValidationAccuracy
        bestIteration = checkpoint.bestIteration
        trainSeconds = checkpoint.trainSeconds
        (pendingLoss, pendingAccuracy, pendingCount) = (
            checkpoint.pendingLoss, checkpoint.pendingAccuracy, checkpoint.pendingCount
        )
        lastCheckpoint = checkpoint.iteration
        pretraining = checkpoint.pretraining
    }

    /// Adds the monotonic seconds since `mark` to `trainSeconds`, moves `mark` to now, and returns
    /// the total: training time summed over sessions.
    mutating func addTime(since mark: inout Double) -> Double {
        let now = ProgressReporter.monotonicSeconds()
        trainSeconds += now - mark
        mark = now
        return trainSeconds
    }

    func checkpoint(_ learner: LearnerState, elapsed: Double) -> Checkpoint {
        Checkpoint(
            iteration: iteration, learner: learner, bestValidationAccuracy: bestValidationAccuracy,
            bestIteration: bestIteration, trainSeconds: elapsed, pendingLoss: pendingLoss,
            pendingAccuracy: pendingAccuracy, pendingCount: pendingCount, specSHA256: specSHA256,
            pretraining: pretraining)
    }
}
