// Batch normalisation with batch statistics (the MAML convention). The forward pass and the
// first-order backward pass are fused kernels; when the backward pass is itself recorded (for
// second-order gradients) the derivative is evaluated with the same formula written in
// differentiable primitives, so gradients of gradients stay exact.

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
        let layout = NormalizationKernels.Layout(batch: shape[0], channels: shape[1], spatial: count / Swift.max(shape[0] * shape[1], 1))
        let stats = NormalizationKernels.statistics(storage.pointer, layout, epsilon: epsilon)
        let gamma = scale.scalars, beta = shift.scalars
        let multipliers = (0..<layout.channels).map { gamma[$0] * stats.inverseDeviation[$0] }
        let addends = (0..<layout.channels).map { beta[$0] - stats.mean[$0] * multipliers[$0] }
        let output = TensorStorage(uninitializedCount: count)
        NormalizationKernels.affine(storage.pointer, layout, scale: multipliers, shift: addends, into: output.pointer)
        let x = self, needInput = requiresGradient
        let result = Tensor.result(output, shape: shape, operation: "batchNorm", inputs: [self, scale, shift]) { g in
            if GradientRecording.isEnabled {
                return x.batchNormGradients(g, scale: scale, axes: axes, epsilon: epsilon)
            }
            let dx: TensorStorage? = needInput ? TensorStorage(uninitializedCount: x.count) : nil
            let dScale = TensorStorage(uninitializedCount: layout.channels), dShift = TensorStorage(uninitializedCount: layout.channels)
            NormalizationKernels.backward(g.storage.pointer, x.storage.pointer, layout, mean: stats.mean,
                                          inverseDeviation: stats.inverseDeviation, scale: scale.storage.pointer,
                                          dx: dx?.pointer, dScale: dScale.pointer, dShift: dShift.pointer)
            return [dx.map { Tensor(shape: x.shape, storage: $0) },
                    Tensor(shape: [layout.channels], storage: dScale), Tensor(shape: [layout.channels], storage: dShift)]
        }
        let statistics = BatchStatistics(mean: Tensor(shape: [layout.channels], scalars: stats.mean),
                                         variance: Tensor(shape: [layout.channels], scalars: stats.variance))
        return (result, statistics)
    }

    /// Batch normalisation (as `batchNormalized(scale:shift:epsilon:)`) followed by `window`×`window`
    /// max-pooling, fused so the full-size normalised tensor is never materialised. The values and
    /// derivatives are those of the two operations in sequence.
    public func batchNormalizedMaxPool(scale: Tensor, shift: Tensor, window: Int = 2, epsilon: Float = 1e-5) -> Tensor {
        let axes = normalizationAxes(scale: scale, shift: shift)
        precondition(rank == 4 && window >= 1 && shape[2] >= window && shape[3] >= window,
                     "batchNormalizedMaxPool: window \(window) does not fit shape \(shape)")
        let channels = shape[1]
        let pooling = PoolingGeometry(batch: shape[0], channels: channels, height: shape[2], width: shape[3], window: window)
        let output = TensorStorage(uninitializedCount: pooling.outputShape.reduce(1, *))
        let picked = TensorStorage(uninitializedCount: output.count)
        let indices = PoolingIndices(count: output.count)
        let stats = NormalizationKernels.statisticsAndMaxPool(storage.pointer, pooling, scale: scale.storage.pointer,
                                                              shift: shift.storage.pointer, epsilon: epsilon,
                                                              values: output.pointer, picked: picked.pointer,
                                                              positions: indices.positions)
        let x = self, needInput = requiresGradient
        return .result(output, shape: pooling.outputShape, operation: "batchNormMaxPool", inputs: [self, scale, shift]) { g in
            if GradientRecording.isEnabled {
                return x.batchNormGradients(g.scattering(to: indices, pooling), scale: scale, axes: axes, epsilon: epsilon)
            }
            let dx: TensorStorage? = needInput ? TensorStorage(uninitializedCount: x.count) : nil
            let dScale = TensorStorage(uninitializedCount: channels), dShift = TensorStorage(uninitializedCount: channels)
            NormalizationKernels.affineMaxPoolBackward(g.storage.pointer, picked: picked.pointer, positions: indices.positions,
                                                       x.storage.pointer, pooling, mean: stats.mean,
                                                       inverseDeviation: stats.inverseDeviation,
                                                       scale: scale.storage.pointer, dx: dx?.pointer,
                                                       dScale: dScale.pointer, dShift: dShift.pointer)
            return [dx.map { Tensor(shape: x.shape, storage: $0) },
                    Tensor(shape: [channels], storage: dScale), Tensor(shape: [channels], storage: dShift)]
        }
    }

    /// The derivative of batch normalisation in differentiable primitives: with x̂ = (x − μ)/σ,
    /// ĝ = g·γ, dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) / σ, dγ = Σ g·x̂, dβ = Σ g.
    private func batchNormGradients(_ g: Tensor, scale: Tensor, axes: [Int], epsilon: Float) -> [Tensor?] {
        let channelShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let centered = self - mean(alongAxes: axes, keepingDimensions: true)
        let deviation = (centered.squared().mean(alongAxes: axes, keepingDimensions: true) + epsilon).sqrt()
        let normalized = centered / deviation
        let scaled = g * scale.reshaped(channelShape)
        let dx = (scaled - scaled.mean(alongAxes: axes, keepingDimensions: true)
                  - normalized * (scaled * normalized).mean(alongAxes: axes, keepingDimensions: true)) / deviation
        return [dx, (g * normalized).sum(alongAxes: axes), g.sum(alongAxes: axes)]
    }

    /// Normalises with given (running) statistics instead of the batch's own.
    public func batchNormalized(scale: Tensor, shift: Tensor, statistics: BatchStatistics, epsilon: Float = 1e-5) -> Tensor {
        let axes = normalizationAxes(scale: scale, shift: shift)
        let channelShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        let normalized = (self - statistics.mean.reshaped(channelShape))
            / (statistics.variance.reshaped(channelShape) + epsilon).sqrt()
        return normalized * scale.reshaped(channelShape) + shift.reshaped(channelShape)
    }

    private func normalizationAxes(scale: Tensor, shift: Tensor) -> [Int] {
        precondition(rank == 4 || rank == 2, "batchNormalized needs an NCHW or NC tensor, got shape \(shape)")
        precondition(scale.shape == [shape[1]] && shift.shape == [shape[1]],
                     "batchNormalized: scale \(scale.shape) and shift \(shift.shape) must be [\(shape[1])] for input \(shape)")
        return rank == 4 ? [0, 2, 3] : [0]
    }
}
