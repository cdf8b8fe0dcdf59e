/// What a learner does for the spec's `model.batchNorm`: in `inference` mode, every training task
/// records its forward passes' statistics, the learner folds them into running averages in task
/// order (from every rank under `mpirun`) kept in its state, and evaluation normalises by those
/// averages; in `transductive` mode nothing is recorded or kept.
public struct BatchNormBookkeeping: Sendable {
    /// The role of the running averages in a learner's state.
    public static let role = "runningStatistics"

    /// The spec's mode.
    public let mode: BatchNormMode

    /// Bookkeeping for `mode`.
    public init(mode: BatchNormMode) {
        self.mode = mode
    }

    /// Adds the (empty) running averages to a learner's initial state in inference mode.
    public func initialize(_ state: inout LearnerState, role: String = role) {
        if mode == .inference { state.parameters[role] = RunningStatistics().values }
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

    /// Folds the tasks' records into the running averages of `state` under `role`, in task order;
    /// nothing (and no exchange between ranks) when there are no recorders.
    public func fold(_ recorders: [StatisticsRecorder], into state: inout LearnerState, role: String = role) {
        guard !recorders.isEmpty else { return }
        var running = RunningStatistics(state[role])
        running.update(with: StatisticsRecorder.recordsAcrossRanks(recorders).flatMap { $0 })
        state.parameters[role] = running.values
    }

    /// How validation, test and prediction normalise with `state`'s running averages under `role`.
    public func evaluation(_ state: LearnerState, role: String = role) -> Normalization {
        mode == .inference ? .running(RunningStatistics(state[role])) : .batch
    }
}
