/// What a learner keeps for the spec's `model.batchNorm`: in `inference` mode, every training task
/// records its forward passes' statistics, the learner folds them into running averages in task
/// order (from every rank under `mpirun`), evaluation normalises by those averages, and the
/// learner's state carries them; in `transductive` mode nothing is recorded or kept.
public struct BatchNormBookkeeping: Sendable {
    /// The spec's mode.
    public let mode: BatchNormMode
    /// The running averages (empty in transductive mode).
    public private(set) var running = RunningStatistics()

    /// Bookkeeping for `mode`, nothing recorded yet.
    public init(mode: BatchNormMode) {
        self.mode = mode
    }

    /// One recorder per training task in inference mode; none in transductive mode.
    public func recorders(tasks: Int) -> [StatisticsRecorder] {
        mode == .inference ? (0..<tasks).map { _ in StatisticsRecorder() } : []
    }

    /// How training task `index` normalises: recording into its recorder, or batch statistics when
    /// `recorders` is empty.
    public static func training(_ recorders: [StatisticsRecorder], task index: Int) -> Normalization {
        recorders.isEmpty ? .batch : .recording(recorders[index])
    }

    /// Folds the tasks' records into the running averages, in task order; nothing (and no exchange
    /// between ranks) when there are no recorders.
    public mutating func fold(_ recorders: [StatisticsRecorder]) {
        guard !recorders.isEmpty else { return }
        running.update(with: StatisticsRecorder.recordsAcrossRanks(recorders).flatMap { $0 })
    }

    /// How validation, test and prediction normalise.
    public var evaluation: Normalization {
        mode == .inference ? .running(running) : .batch
    }

    /// Adds the running averages to `state` (inference mode only).
    public func save(into state: inout LearnerState) {
        if mode == .inference { state.parameters[LearnerState.runningStatisticsRole] = running.values }
    }

    /// Takes the running averages from `state` (inference mode only; an error when it has none).
    public mutating func restore(from state: LearnerState) throws {
        if mode == .inference { running = try state.runningStatistics() }
    }
}
