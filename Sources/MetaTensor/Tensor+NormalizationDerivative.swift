// Batch normalisation's derivative as two differentiable operations: the input gradient and the
// scale gradient. A recorded backward pass (second-order MAML) then runs two fused kernels per
// batch norm, and differentiating it again two more, instead of a dozen elementwise operations
// and their derivatives. Both formulas are in `NormalizationKernels`; the derivative rules fall
// back to the same formulas in primitives when they are recorded themselves (third order).

extension Tensor {
    /// Batch norm's gradient with respect to its input `self`, for the output gradient `g`:
    /// γσ⁻¹(g − mean(g) − x̂·mean(g·x̂)), means and x̂ over `axes`; `stats` are this tensor's batch
    /// statistics (computed once by the caller and shared by the derivatives).
    func batchNormInputGradient(
        _ g: Tensor, scale: Tensor, axes: [Int], epsilon: Float,
        stats: NormalizationKernels.Statistics
    ) -> Tensor {
        let layout = normalizationLayout
        let output = TensorStorage(uninitializedCount: count)
        let unused = TensorStorage(uninitializedCount: 2 * layout.channels)
        NormalizationKernels.backward(
            g.storage.pointer, storage.pointer, layout, mean: stats.mean,
            inverseDeviation: stats.inverseDeviation, scale: scale.storage.pointer,
            dx: output.pointer, dScale: unused.pointer, dShift: unused.pointer + layout.channels)
        let x = self
        return .result(output, shape: shape, operation: "batchNormInputGradient", inputs: [self, g, scale]) { u in
            if GradientRecording.isEnabled {
                return x.batchNormInputGradientDerivatives(
                    u, g, scale: scale, axes: axes, epsilon: epsilon, stats: stats)
            }
            let dx = TensorStorage(uninitializedCount: x.count)
            let dg = TensorStorage(uninitializedCount: x.count)
            let dScale = TensorStorage(uninitializedCount: layout.channels)
            NormalizationKernels.inputGradientBackward(
                u.storage.pointer, g.storage.pointer, x.storage.pointer, layout,
                mean: stats.mean, inverseDeviation: stats.inverseDeviation,
                scale: scale.storage.pointer, dx: dx.pointer, dg: dg.pointer,
                dScale: dScale.pointer)
            return [
                Tensor(shape: x.shape, storage: dx), Tensor(shape: x.shape, storage: dg),
                Tensor(shape: scale.shape, storage: dScale),
            ]
        }
    }

    /// Batch norm's gradient with respect to its scale, for the output gradient `g`: Σ g·x̂ per
    /// channel, over `axes`; `stats` as for `batchNormInputGradient`.
    func batchNormScaleGradient(_ g: Tensor, axes: [Int], epsilon: Float, stats: NormalizationKernels.Statistics)
        -> Tensor
    {
        let layout = normalizationLayout
        let output = TensorStorage(uninitializedCount: layout.channels)
        let unused = TensorStorage(uninitializedCount: layout.channels)
        let ones = [Float](repeating: 1, count: layout.channels)
        NormalizationKernels.backward(
            g.storage.pointer, storage.pointer, layout, mean: stats.mean,
            inverseDeviation: stats.inverseDeviation, scale: ones, dx: nil,
            dScale: output.pointer, dShift: unused.pointer)
        let x = self
        return .result(output, shape: [layout.channels], operation: "batchNormScaleGradient", inputs: [self, g]) { v in
            // ∂/∂x of Σ_c v_c Σ g·x̂ is the input gradient with scale v; ∂/∂g is v·x̂.
            let dx = x.batchNormInputGradient(g, scale: v, axes: axes, epsilon: epsilon, stats: stats)
            if GradientRecording.isEnabled {
                return [
                    dx,
                    v.reshaped(x.channelShape(axes))
                        * x.normalizedAndDeviation(axes: axes, epsilon: epsilon).normalized,
                ]
            }
            let (multipliers, addends) = NormalizationKernels.affineFactors(
                stats, scale: { v.storage.pointer[$0] }, shift: { _ in 0 })
            let dg = TensorStorage(uninitializedCount: x.count)
            NormalizationKernels.affine(x.storage.pointer, layout, scale: multipliers, shift: addends, into: dg.pointer)
            return [dx, Tensor(shape: x.shape, storage: dg)]
        }
    }

    /// The derivatives of ⟨u, batchNormInputGradient(g)⟩ with respect to x, g and the scale,
    /// in primitives (see `NormalizationKernels.inputGradientBackward`).
    private func batchNormInputGradientDerivatives(
        _ u: Tensor, _ g: Tensor, scale: Tensor, axes: [Int], epsilon: Float,
        stats: NormalizationKernels.Statistics
    ) -> [Tensor?] {
        let channelShape = channelShape(axes)
        let count = Float(normalizationLayout.perChannel)
        let (normalized, deviation) = normalizedAndDeviation(axes: axes, epsilon: epsilon)
        func channelMean(_ t: Tensor) -> Tensor { t.mean(alongAxes: axes, keepingDimensions: true) }
        let meanG = channelMean(g)
        let meanU = channelMean(u)
        let q = channelMean(u * g)
        let m = channelMean(g * normalized)
        let p = channelMean(u * normalized)
        let gamma = scale.reshaped(channelShape)
        let inverse = Tensor(1) / deviation
        let dx =
            -(gamma * inverse * inverse)
            * (normalized * (q - meanG * meanU - m * p * 3) + p * (g - meanG) + m * (u - meanU))
        let dScale = ((q - meanG * meanU - m * p) * inverse * count).reshaped(scale.shape)
        return [dx, batchNormInputGradient(u, scale: scale, axes: axes, epsilon: epsilon, stats: stats), dScale]
    }

    /// x̂ = (x − μ)/σ in primitives, and σ = √(variance + ε) shaped for broadcasting.
    private func normalizedAndDeviation(axes: [Int], epsilon: Float) -> (normalized: Tensor, deviation: Tensor) {
        let centered = self - mean(alongAxes: axes, keepingDimensions: true)
        let deviation = (centered.squared().mean(alongAxes: axes, keepingDimensions: true) + epsilon).sqrt()
        return (centered / deviation, deviation)
    }

    /// The shape of a per-channel tensor broadcast against this one: 1 along `axes`.
    func channelShape(_ axes: [Int]) -> [Int] {
        shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
    }

    /// This NCHW (or NC) tensor as [N, C, H·W] for the normalisation kernels.
    var normalizationLayout: NormalizationKernels.Layout {
        NormalizationKernels.Layout(
            batch: shape[0], channels: shape[1], spatial: count / Swift.max(shape[0] * shape[1], 1))
    }
}
