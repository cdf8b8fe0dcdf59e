/// One line of a run's `metrics.jsonl`: the training or validation figures at one iteration.
/// Encoded with sorted keys; non-finite losses (a diverged run) are written as "NaN", "Infinity", "-Infinity".
/// Every field but the timing ones (`seconds`, `imagesPerSecond`) is the same on every run of a spec.
public struct MetricsRecord: Codable, Sendable, Equatable {
    /// Which figures a record holds; its raw value names the record's TensorBoard tags (`train/loss`).
    public enum Phase: String, Codable, Sendable {
        /// The mean over the meta-batches since the previous training record.
        case train
        /// The mean over the fixed validation episodes.
        case validation
        /// The mean over a pre-training epoch's batches (`iteration` is the epoch).
        case pretraining
        /// The mean over the fixed validation episodes after a pre-training epoch (`iteration` is the epoch).
        case pretrainingValidation

        /// Whether the record belongs to the pre-training phase.
        public var isPretraining: Bool { self == .pretraining || self == .pretrainingValidation }
    }

    /// The meta-update count when the figures were taken (1-based; the iteration just completed);
    /// for the pre-training phases, the epoch just completed.
    public var iteration: Int
    public var phase: Phase
    /// Mean query loss (cross-entropy).
    public var loss: Double
    /// Mean query accuracy, a fraction in [0, 1].
    public var accuracy: Double
    /// Training wall-clock seconds since the run started, summed across resumed sessions.
    public var seconds: Double
    /// Training records: the meta learning rate of the iteration's update (the meta-optimizer's
    /// schedule, with any annealing the learner adds; Reptile's outer step size). Absent for
    /// validation records, for learners without one, and in logs written before it was recorded.
    public var learningRate: Double?
    /// Training records: support and query images of the meta-batches per second of the iterations
    /// since the previous training record (validation and checkpoints not counted; after a resume,
    /// the iterations of this session). Absent for validation records and in older logs.
    public var imagesPerSecond: Double?

    /// A record of the given figures.
    public init(
        iteration: Int, phase: Phase, loss: Double, accuracy: Double, seconds: Double, learningRate: Double? = nil,
        imagesPerSecond: Double? = nil
    ) {
        self.iteration = iteration
        self.phase = phase
        self.loss = loss
        self.accuracy = accuracy
        self.seconds = seconds
        self.learningRate = learningRate
        self.imagesPerSecond = imagesPerSecond
    }
}
