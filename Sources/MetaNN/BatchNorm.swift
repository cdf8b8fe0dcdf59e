import Foundation

// Batch normalisation for every model, in one place: a model names each batch-norm layer
// (`block1.norm`, with parameters `block1.norm.scale` and `block1.norm.shift`) and hands it to the
// `Normalization` its caller chose; the learner decides which statistics a forward pass uses.

/// Which statistics a model's batch-norm layers use at validation and test: the spec's
/// `model.batchNorm`.
public enum BatchNormMode: String, Sendable, Codable, CaseIterable {
    /// Every batch is normalised by its own statistics, at test time too: an episode's support set
    /// by the support set's, its queries by all the queries' (Finn et al. 2017's setting). A query's
    /// prediction then depends on the other queries of its episode.
    case transductive
    /// Meta-training normalises by batch statistics and keeps running averages of them
    /// (`RunningStatistics`); validation, test and prediction normalise the queries by the running
    /// averages, so each query is classified on its own. A learner that adapts to the support set
    /// normalises it by its own statistics in both modes, so adaptation runs as meta-trained.
    case inference
}

/// The statistics of one batch-norm layer on one batch, as a forward pass records them.
public struct RecordedStatistics: Sendable {
    /// The layer's name (`block1.norm`).
    public let layer: String
    /// The batch's per-channel mean and biased variance.
    public let statistics: BatchStatistics
    /// Values per channel that the statistics summarise (N·H·W).
    public let count: Int

    /// A record from its parts.
    public init(layer: String, statistics: BatchStatistics, count: Int) {
        self.layer = layer
        self.statistics = statistics
        self.count = count
    }
}

/// Collects the batch statistics of every batch-norm layer a sequence of forward passes runs, in
/// the order they run. One recorder serves one task; tasks that run in parallel each get their own,
/// and their records are folded into `RunningStatistics` in task order, so the running averages do
/// not depend on the thread count.
public final class StatisticsRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [RecordedStatistics] = []

    /// An empty recorder.
    public init() {}

    /// Appends one layer's statistics.
    public func record(_ record: RecordedStatistics) {
        lock.lock()
        records.append(record)
        lock.unlock()
    }

    /// Everything recorded so far, in order.
    public var recorded: [RecordedStatistics] {
        lock.lock()
        defer { lock.unlock() }
        return records
    }
}

/// Running averages of a model's batch-norm statistics, for `inference` batch norm: per layer,
/// `<layer>.mean` and `<layer>.variance` entries of a `Parameters` set (so checkpoints save them
/// bit for bit), in the order the layers were first recorded.
///
/// Each recorded batch updates its layer as PyTorch's `BatchNorm2d` does with momentum m = 0.1:
/// r ← (1 − m)·r + m·b, where b is the batch mean, or the batch variance made unbiased (times
/// n / (n − 1), n values per channel). A layer never recorded has mean 0 and variance 1 (PyTorch's
/// fresh state).
public struct RunningStatistics: Sendable {
    /// The weight of a new batch in the running averages (PyTorch's default).
    public static let momentum: Float = 0.1

    /// The averages, `<layer>.mean` and `<layer>.variance` for each layer recorded.
    public private(set) var values: Parameters

    /// Averages from saved values (empty: no layer recorded yet).
    public init(_ values: Parameters = Parameters([])) {
        self.values = values
    }

    /// The layer's running mean and variance; mean 0 and variance 1 for a layer never recorded.
    public func statistics(of layer: String, channels: Int) -> BatchStatistics {
        guard let mean = values["\(layer).mean"], let variance = values["\(layer).variance"] else {
            return BatchStatistics(mean: Tensor(zeros: [channels]), variance: Tensor(repeating: 1, shape: [channels]))
        }
        precondition(
            mean.shape == [channels],
            "RunningStatistics: layer '\(layer)' has \(mean.shape) channels, the model \(channels)")
        return BatchStatistics(mean: mean, variance: variance)
    }

    /// Folds the recorded batches in, in order.
    public mutating func update(with recorded: [RecordedStatistics]) {
        let momentum = Self.momentum
        withoutGradients {
            var entries = values.entries.map { ($0.name, $0.tensor) }
            for record in recorded {
                let channels = record.statistics.mean.count
                let old = statistics(of: record.layer, channels: channels, in: entries)
                let unbiased = Float(record.count) / Float(max(record.count - 1, 1))
                let mean = old.mean * (1 - momentum) + record.statistics.mean * momentum
                let variance = old.variance * (1 - momentum) + record.statistics.variance * (unbiased * momentum)
                Self.set("\(record.layer).mean", mean, in: &entries)
                Self.set("\(record.layer).variance", variance, in: &entries)
            }
            values = Parameters(entries)
        }
    }

    private func statistics(of layer: String, channels: Int, in entries: [(String, Tensor)]) -> BatchStatistics {
        RunningStatistics(Parameters(entries)).statistics(of: layer, channels: channels)
    }

    private static func set(_ name: String, _ tensor: Tensor, in entries: inout [(String, Tensor)]) {
        if let index = entries.firstIndex(where: { $0.0 == name }) {
            entries[index].1 = tensor
        } else {
            entries.append((name, tensor))
        }
    }
}

/// What one forward pass does at each batch-norm layer: the learner's choice, which the model
/// applies to every layer through `normalize` and `convolveNormalizeMaxPool`.
public enum Normalization: Sendable {
    /// Batch statistics (transductive batch norm, and meta-training).
    case batch
    /// Batch statistics, each layer's recorded in the recorder (meta-training in inference mode).
    case recording(StatisticsRecorder)
    /// The given running statistics (validation, test and prediction in inference mode).
    case running(RunningStatistics)

    /// Layer `layer`'s batch norm of `x` (NCHW or NC), with scale `<layer>.scale` and shift
    /// `<layer>.shift` from `parameters`.
    public func normalize(_ x: Tensor, layer: String, _ parameters: Parameters) -> Tensor {
        let (scale, shift) = Self.affine(layer, parameters)
        switch self {
        case .batch:
            return x.batchNormalized(scale: scale, shift: shift).output
        case .recording(let recorder):
            let (output, statistics) = x.batchNormalized(scale: scale, shift: shift)
            recorder.record(RecordedStatistics(layer: layer, statistics: statistics, count: x.count / x.shape[1]))
            return output
        case .running(let running):
            return x.batchNormalized(
                scale: scale, shift: shift, statistics: running.statistics(of: layer, channels: x.shape[1]))
        }
    }

    /// A convolution by `weight` (stride 1), layer `layer`'s batch norm and 2×2 max-pooling, as
    /// `Tensor.conv2dBatchNormalizedMaxPool` computes them fused with batch statistics.
    public func convolveNormalizeMaxPool(
        _ x: Tensor, weight: Tensor, padding: Int, layer: String,
        _ parameters: Parameters
    ) -> Tensor {
        let (scale, shift) = Self.affine(layer, parameters)
        switch self {
        case .batch:
            return x.conv2dBatchNormalizedMaxPool(weight, padding: padding, scale: scale, shift: shift).output
        case .recording(let recorder):
            let (output, statistics) = x.conv2dBatchNormalizedMaxPool(
                weight, padding: padding, scale: scale, shift: shift)
            let height = x.shape[2] + 2 * padding - weight.shape[2] + 1
            let width = x.shape[3] + 2 * padding - weight.shape[3] + 1
            recorder.record(
                RecordedStatistics(layer: layer, statistics: statistics, count: x.shape[0] * height * width))
            return output
        case .running:
            return normalize(x.conv2d(weight, padding: padding), layer: layer, parameters).maxPool2d()
        }
    }

    /// Whether `name` is a batch-norm layer's scale or shift. Models name them `<layer>.scale` and
    /// `<layer>.shift` and no other parameter so, which lets a learner treat batch norm apart
    /// (MAML++'s per-step batch norm).
    public static func isNormalizationParameter(_ name: String) -> Bool {
        name.hasSuffix(".scale") || name.hasSuffix(".shift")
    }

    private static func affine(_ layer: String, _ parameters: Parameters) -> (scale: Tensor, shift: Tensor) {
        (parameters.require("\(layer).scale"), parameters.require("\(layer).shift"))
    }
}
