// Batch normalisation with batch statistics (the MAML convention), composed from primitives.

/// The per-channel mean and biased variance of one batch, as `[C]` constants, for keeping
/// running statistics.
public struct BatchStatistics: Sendable {
    /// The per-channel mean.
    public let mean: Tensor
    /// The per-channel biased variance.
    public let variance: Tensor
}

extension Tensor {
    /// Normalises each channel of an NCHW (or NC) batch by the batch's own mean and variance,
    /// then scales and shifts it: `(x − μ) / √(σ² + ε) · scale + shift`, with `scale` and
    /// `shift` of shape `[C]`. Returns the output and the batch statistics used (detached).
    public func batchNormalized(scale: Tensor, shift: Tensor, epsilon: Float = 1e-5) -> (output: Tensor, statistics: BatchStatistics) {
        let axes = normalizationAxes(scale: scale, shift: shift)
        let mean = self.mean(alongAxes: axes, keepingDimensions: true)
        let centered = self - mean
        let variance = centered.squared().mean(alongAxes: axes, keepingDimensions: true)
        let normalized = centered / (variance + epsilon).sqrt()
        let statistics = BatchStatistics(mean: mean.detached().reshaped([shape[1]]),
                                         variance: variance.detached().reshaped([shape[1]]))
        return (affine(normalized, scale: scale, shift: shift), statistics)
    }

    /// Normalises with given (running) statistics instead of the batch's own.
    public func batchNormalized(scale: Tensor, shift: Tensor, statistics: BatchStatistics, epsilon: Float = 1e-5) -> Tensor {
        let axes = normalizationAxes(scale: scale, shift: shift)
        let channelShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let normalized = (self - statistics.mean.reshaped(channelShape))
            / (statistics.variance.reshaped(channelShape) + epsilon).sqrt()
        return affine(normalized, scale: scale, shift: shift)
    }

    private func normalizationAxes(scale: Tensor, shift: Tensor) -> [Int] {
        precondition(rank == 4 || rank == 2, "batchNormalized needs an NCHW or NC tensor, got shape \(shape)")
        precondition(scale.shape == [shape[1]] && shift.shape == [shape[1]],
                     "batchNormalized: scale \(scale.shape) and shift \(shift.shape) must be [\(shape[1])] for input \(shape)")
        return rank == 4 ? [0, 2, 3] : [0]
    }

    private func affine(_ normalized: Tensor, scale: Tensor, shift: Tensor) -> Tensor {
        let channelShape = rank == 4 ? [1, shape[1], 1, 1] : [1, shape[1]]
        return normalized * scale.reshaped(channelShape) + shift.reshaped(channelShape)
    }
}
