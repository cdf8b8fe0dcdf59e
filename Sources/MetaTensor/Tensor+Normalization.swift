// Batch normalisation with batch statistics (the MAML convention). The forward pass and the
// first-order backward pass are fused kernels; when the backward pass is itself recorded (for
// second-order gradients) the derivative is built from two differentiable operations, the input
// and scale gradients (`Tensor+NormalizationDerivative.swift`), so gradients of gradients stay
// exact.

/// The per-channel mean and biased variance of one batch, as `[C]` constants, for keeping
/// running statistics.
public struct BatchStatistics: Sendable {
    /// The per-channel mean.
    public let mean: Tensor
    /// The per-channel biased variance.
    public let variance: Tensor

    /// Statistics from their parts, each `[C]`.
    public init(mean: Tensor, variance: Tensor) {
        precondition(
            mean.shape == variance.shape && mean.rank == 1,
            "BatchStatistics: mean \(mean.shape) and variance \(variance.shape) must both be [C]")
        self.mean = mean
        self.variance = variance
    }
}

extension Tensor {
    /// The ε every batch normalisation adds to the variance unless told otherwise (PyTorch's
    /// `BatchNorm2d` default), recorded in exported models.
    public static let batchNormEpsilon: Float = 1e-5

    /// Normalises each channel of an NCHW (or NC) batch by the batch's own mean and variance,
    /// then scales and shifts it: `(x − μ) / √(σ² + ε) · scale + shift`, with `scale` and
    /// `shift` of shape `[C]`. Returns the output and the batch statistics used (detached).
    public func batchNormalized(scale: Tensor, shift: Tensor, epsilon: Float = Tensor.batchNormEpsilon) -> (
        output: Tensor, statistics: BatchStatistics
    ) {
        let axes = Tensor.normalizationAxes(shape, scale: scale, shift: shift)
        let layout = normalizationLayout
        let stats = NormalizationKernels.statistics(storage.pointer, layout, epsilon: epsilon)
        let gamma = scale.scalars
        let beta = shift.scalars
        let (multipliers, addends) = NormalizationKernels.affineFactors(
            stats, scale: { gamma[$0] }, shift: { beta[$0] })
        let output = TensorStorage(uninitializedCount: count)
        NormalizationKernels.affine(storage.pointer, layout, scale: multipliers, shift: addends, into: output.pointer)
        let input = KeptTensor(self, keptByOperationOn: [self, scale, shift])
        let needInput = requiresGradient
        let result = Tensor.result(output, shape: shape, operation: "batchNorm", inputs: [self, scale, shift]) { g in
            let x = input.tensor
            if GradientRecording.isEnabled {
                return x.batchNormGradients(g, scale: scale, axes: axes, epsilon: epsilon)
            }
            let dx: TensorStorage? = needInput ? TensorStorage(uninitializedCount: x.count) : nil
            let dScale = TensorStorage(uninitializedCount: layout.channels)
            let dShift = TensorStorage(uninitializedCount: layout.channels)
            NormalizationKernels.backward(
                g.storage.pointer, x.storage.pointer, layout, mean: stats.mean,
                inverseDeviation: stats.inverseDeviation, scale: scale.storage.pointer,
                dx: dx?.pointer, dScale: dScale.pointer, dShift: dShift.pointer)
            return [
                dx.map { Tensor(shape: x.shape, storage: $0) },
                Tensor(shape: [layout.channels], storage: dScale), Tensor(shape: [layout.channels], storage: dShift),
            ]
        }
        let statistics = BatchStatistics(
            mean: Tensor(shape: [layout.channels], scalars: stats.mean),
            variance: Tensor(shape: [layout.channels], scalars: stats.variance))
        return (result, statistics)
    }

    /// Batch normalisation (as `batchNormalized(scale:shift:epsilon:)`) followed by `window`×`window`
    /// max-pooling, fused so the full-size normalised tensor is never materialised. The values and
    /// derivatives are those of the two operations in sequence. Returns the output and the batch
    /// statistics used (detached).
    public func batchNormalizedMaxPool(
        scale: Tensor, shift: Tensor, window: Int = 2,
        epsilon: Float = Tensor.batchNormEpsilon
    ) -> (output: Tensor, statistics: BatchStatistics) {
        let axes = Tensor.normalizationAxes(shape, scale: scale, shift: shift)
        let pooling = Tensor.pooling(shape, window: window, operation: "batchNormalizedMaxPool")
        let imageSize = count / shape[0]
        let needInput = requiresGradient
        let pooled = PooledNormalization(pooling, scale: scale, shift: shift, epsilon: epsilon) { n in
            UnsafePointer(storage.pointer + n * imageSize)
        }
        let input = KeptTensor(self, keptByOperationOn: [self, scale, shift])
        let result = Tensor.result(
            pooled.output, shape: pooling.outputShape, operation: "batchNormMaxPool",
            inputs: [self, scale, shift]
        ) { g in
            let x = input.tensor
            if GradientRecording.isEnabled {
                return x.batchNormGradients(
                    g.scattering(to: pooled.indices, pooling), scale: scale, axes: axes, epsilon: epsilon)
            }
            let (dScale, dShift, coefficients) = pooled.backward(g, scale: scale)
            guard needInput else { return [nil, dScale, dShift] }
            let dx = TensorStorage(uninitializedCount: x.count)
            IntraOperationParallelism.forEach(pooling.batch) { n in
                NormalizationKernels.maxPoolBackwardImage(
                    n, x.storage.pointer + n * imageSize, coefficients, g.storage.pointer,
                    positions: pooled.indices.positions, pooling,
                    into: dx.pointer + n * imageSize)
            }
            return [Tensor(shape: x.shape, storage: dx), dScale, dShift]
        }
        return (result, pooled.batchStatistics)
    }

    /// `conv2d(weight, stride:padding:)` followed by `batchNormalizedMaxPool(scale:shift:window:epsilon:)`,
    /// with their values, derivatives and returned statistics. A thin convolution (at most 27 unfolded rows: a first
    /// layer on gray or colour images) of an input that needs no gradient runs fused: its output
    /// is never written, but computed image by image in cache, reduced to the statistics and the
    /// picked windows, and computed again image by image for the kernel gradient.
    public func conv2dBatchNormalizedMaxPool(
        _ weight: Tensor, stride: Int = 1, padding: Int = 0, scale: Tensor, shift: Tensor,
        window: Int = 2, epsilon: Float = Tensor.batchNormEpsilon
    ) -> (output: Tensor, statistics: BatchStatistics) {
        let geometry = Tensor.convolutionGeometry(input: shape, weight: weight.shape, stride: stride, padding: padding)
        // bf16 numerics round the convolution's output (`conv2d`), which this path never writes.
        guard !requiresGradient && geometry.patchSize <= 27 && NumericsMode.current != .bf16 else {
            return conv2d(weight, stride: stride, padding: padding)
                .batchNormalizedMaxPool(scale: scale, shift: shift, window: window, epsilon: epsilon)
        }
        let axes = Tensor.normalizationAxes(geometry.outputShape, scale: scale, shift: shift)
        let pooling = Tensor.pooling(geometry.outputShape, window: window, operation: "conv2dBatchNormalizedMaxPool")
        let x = self
        let inputImage = count / shape[0]
        let outputImage = geometry.outputShape.dropFirst().reduce(1, *)
        let image = geometry.images(1)
        let needWeight = weight.requiresGradient
        let pooled = PooledNormalization(pooling, scale: scale, shift: shift, epsilon: epsilon) { n in
            let output = Scratch.current.buffer(2, count: outputImage)
            ConvolutionKernels.forwardChunk(
                input: x.storage.pointer + n * inputImage, weight: weight.storage.pointer, image, into: output)
            return UnsafePointer(output)
        }
        let result = Tensor.result(
            pooled.output, shape: pooling.outputShape, operation: "convBatchNormMaxPool",
            inputs: [self, weight, scale, shift]
        ) { g in
            if GradientRecording.isEnabled {
                let y = x.conv2d(weight, stride: stride, padding: padding)
                let dy = y.batchNormGradients(
                    g.scattering(to: pooled.indices, pooling), scale: scale, axes: axes, epsilon: epsilon)
                return [nil, x.conv2dWeightGradient(dy[0]!, geometry: geometry), dy[1], dy[2]]
            }
            let (dScale, dShift, coefficients) = pooled.backward(g, scale: scale)
            guard needWeight else { return [nil, nil, dScale, dShift] }
            let dWeight = TensorStorage(uninitializedCount: weight.count)
            ConvolutionKernels.sumInGroups(pooling.batch, count: weight.count, into: dWeight.pointer) {
                n, part, overwrite in
                let input = x.storage.pointer + n * inputImage
                let dy = Scratch.current.buffer(2, count: outputImage)
                ConvolutionKernels.forwardChunk(
                    input: input, weight: weight.storage.pointer, image, counted: false, into: dy)
                NormalizationKernels.maxPoolBackwardImage(
                    n, dy, coefficients, g.storage.pointer,
                    positions: pooled.indices.positions, pooling, into: dy)
                ConvolutionKernels.accumulateWeightGradient(
                    input: input, outputGradient: dy, image, overwrite: overwrite, into: part)
            }
            return [nil, Tensor(shape: weight.shape, storage: dWeight), dScale, dShift]
        }
        return (result, pooled.batchStatistics)
    }

    /// The derivative of batch normalisation as differentiable operations: dx and dγ each one
    /// operation (`Tensor+NormalizationDerivative.swift`), sharing one pass for the statistics;
    /// dβ = Σ g.
    private func batchNormGradients(_ g: Tensor, scale: Tensor, axes: [Int], epsilon: Float) -> [Tensor?] {
        let stats = NormalizationKernels.statistics(storage.pointer, normalizationLayout, epsilon: epsilon)
        return [
            batchNormInputGradient(g, scale: scale, axes: axes, epsilon: epsilon, stats: stats),
            batchNormScaleGradient(g, axes: axes, epsilon: epsilon, stats: stats), g.sum(alongAxes: axes),
        ]
    }

    /// Normalises with given (running) statistics instead of the batch's own.
    public func batchNormalized(
        scale: Tensor, shift: Tensor, statistics: BatchStatistics, epsilon: Float = Tensor.batchNormEpsilon
    )
        -> Tensor
    {
        let axes = Tensor.normalizationAxes(shape, scale: scale, shift: shift)
        let channelShape = channelShape(axes)
        let normalized =
            (self - statistics.mean.reshaped(channelShape))
            / (statistics.variance.reshaped(channelShape) + epsilon).sqrt()
        return normalized * scale.reshaped(channelShape) + shift.reshaped(channelShape)
    }

    private static func pooling(_ shape: [Int], window: Int, operation: String) -> PoolingGeometry {
        precondition(
            shape.count == 4 && window >= 1 && shape[2] >= window && shape[3] >= window,
            "\(operation): window \(window) does not fit shape \(shape)")
        return PoolingGeometry(batch: shape[0], channels: shape[1], height: shape[2], width: shape[3], window: window)
    }

    private static func normalizationAxes(_ shape: [Int], scale: Tensor, shift: Tensor) -> [Int] {
        let rank = shape.count
        precondition(rank == 4 || rank == 2, "batchNormalized needs an NCHW or NC tensor, got shape \(shape)")
        precondition(
            scale.shape == [shape[1]] && shift.shape == [shape[1]],
            "batchNormalized: scale \(scale.shape) and shift \(shift.shape) must be [\(shape[1])] for input \(shape)")
        return rank == 4 ? [0, 2, 3] : [0]
    }
}

/// The forward pass of batch norm followed by max-pooling over images supplied one at a time, and
/// what its first-order backward pass needs.
private struct PooledNormalization {
    let output: TensorStorage, picked: TensorStorage, indices: PoolingIndices
    let pooling: PoolingGeometry
    let statistics: NormalizationKernels.Statistics

    /// Normalises and pools the images `image(n)` ([C, H, W] blocks).
    init(_ pooling: PoolingGeometry, scale: Tensor, shift: Tensor, epsilon: Float, image: (Int) -> UnsafePointer<Float>)
    {
        self.pooling = pooling
        let count = pooling.outputShape.reduce(1, *)
        output = TensorStorage(uninitializedCount: count)
        picked = TensorStorage(uninitializedCount: count)
        indices = PoolingIndices(count: count)
        statistics = NormalizationKernels.statisticsAndMaxPool(
            pooling, image: image, scale: scale.storage.pointer,
            shift: shift.storage.pointer, epsilon: epsilon,
            values: output.pointer, picked: picked.pointer,
            positions: indices.positions)
    }

    /// The batch statistics, as `[C]` constants.
    var batchStatistics: BatchStatistics {
        BatchStatistics(
            mean: Tensor(shape: [pooling.channels], scalars: statistics.mean),
            variance: Tensor(shape: [pooling.channels], scalars: statistics.variance))
    }

    /// dγ, dβ and the coefficients of dx for the pooled gradient `g`.
    func backward(_ g: Tensor, scale: Tensor) -> (
        dScale: Tensor, dShift: Tensor, NormalizationKernels.MaxPoolBackwardCoefficients
    ) {
        let channels = pooling.channels
        let dScale = TensorStorage(uninitializedCount: channels)
        let dShift = TensorStorage(uninitializedCount: channels)
        let coefficients = NormalizationKernels.maxPoolBackwardCoefficients(
            g.storage.pointer, picked: picked.pointer, pooling, mean: statistics.mean,
            inverseDeviation: statistics.inverseDeviation, scale: scale.storage.pointer,
            dScale: dScale.pointer, dShift: dShift.pointer)
        return (Tensor(shape: [channels], storage: dScale), Tensor(shape: [channels], storage: dShift), coefficients)
    }
}
