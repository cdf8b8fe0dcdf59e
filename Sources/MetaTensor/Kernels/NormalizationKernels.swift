/// Fused batch-normalisation kernels over a [N, C, S] layout (S = H·W, or 1 for features):
/// one pass for the statistics, one for the output, and a fused first-order backward pass.
enum NormalizationKernels {
    /// Per-channel batch statistics: mean, biased variance and 1/√(variance + ε).
    typealias Statistics = (mean: [Float], variance: [Float], inverseDeviation: [Float])

    struct Layout {
        let batch: Int, channels: Int, spatial: Int
        var perChannel: Int { batch * spatial }
    }

    /// Per-channel mean and 1/√(variance + ε), in one pass over memory.
    static func statistics(_ x: UnsafePointer<Float>, _ layout: Layout, epsilon: Float) -> Statistics {
        let planes = [PlaneMoments](unsafeUninitializedCapacity: layout.batch * layout.channels) {
            planes, initialized in
            IntraOperationParallelism.forEach(layout.batch) { n in
                for plane in (n * layout.channels)..<((n + 1) * layout.channels) {
                    (planes.baseAddress! + plane).initialize(
                        to: PlaneMoments(x + plane * layout.spatial, layout.spatial))
                }
            }
            initialized = layout.batch * layout.channels
        }
        return PlaneMoments.statistics(planes, channels: layout.channels, size: layout.spatial, epsilon: epsilon)
    }

    /// The per-channel a and b that compute (x − μ)·σ⁻¹·scale + shift as one multiply-add,
    /// x · a + b: a = scale·σ⁻¹ and b = shift − μ·a.
    static func affineFactors(_ statistics: Statistics, scale: (Int) -> Float, shift: (Int) -> Float)
        -> (multipliers: [Float], addends: [Float])
    {
        let multipliers = statistics.inverseDeviation.indices.map { scale($0) * statistics.inverseDeviation[$0] }
        return (multipliers, multipliers.indices.map { shift($0) - statistics.mean[$0] * multipliers[$0] })
    }

    /// y = x · a_c + b_c per channel.
    static func affine(
        _ x: UnsafePointer<Float>, _ layout: Layout, scale a: [Float], shift b: [Float],
        into y: UnsafeMutablePointer<Float>
    ) {
        for n in 0..<layout.batch {
            for c in 0..<layout.channels {
                let offset = (n * layout.channels + c) * layout.spatial
                let source = x + offset
                let target = y + offset
                let multiplier = a[c]
                let addend = b[c]
                for i in 0..<layout.spatial { target[i] = source[i] * multiplier + addend }
            }
        }
    }

    /// The first-order backward pass: with x̂ = (x − μ)·σ⁻¹ and M elements per channel,
    /// dx = γσ⁻¹(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ g·x̂, dβ = Σ g.
    static func backward(
        _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ layout: Layout,
        mean: [Float], inverseDeviation: [Float], scale: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>?, dScale: UnsafeMutablePointer<Float>, dShift: UnsafeMutablePointer<Float>
    ) {
        let count = Float(layout.perChannel)
        for c in 0..<layout.channels {
            let mu = mean[c]
            let inverse = inverseDeviation[c]
            var sumG: Float = 0
            var sumGX: Float = 0
            for n in 0..<layout.batch {
                let offset = (n * layout.channels + c) * layout.spatial
                let gs = g + offset
                let xs = x + offset
                var lanesG = SIMD8<Float>()
                var lanesGX = SIMD8<Float>()
                let blocks = layout.spatial / 8
                for block in 0..<blocks {
                    let gv = UnsafeRawPointer(gs + block * 8).loadUnaligned(as: SIMD8<Float>.self)
                    let xv = UnsafeRawPointer(xs + block * 8).loadUnaligned(as: SIMD8<Float>.self)
                    lanesG += gv
                    lanesGX += gv * (xv - SIMD8(repeating: mu))
                }
                var partialG = lanesG.sum()
                var partialGX = lanesGX.sum()
                for i in (blocks * 8)..<layout.spatial {
                    partialG += gs[i]
                    partialGX += gs[i] * (xs[i] - mu)
                }
                sumG += partialG
                sumGX += partialGX
            }
            let sumGXhat = sumGX * inverse
            dScale[c] = sumGXhat
            dShift[c] = sumG
            guard let dx else { continue }
            let meanG = sumG / count
            let meanGXhat = sumGXhat / count
            let factor = scale[c] * inverse
            for n in 0..<layout.batch {
                let offset = (n * layout.channels + c) * layout.spatial
                let gs = g + offset
                let xs = x + offset
                let target = dx + offset
                for i in 0..<layout.spatial {
                    let xhat = (xs[i] - mu) * inverse
                    target[i] = factor * (gs[i] - meanG - xhat * meanGXhat)
                }
            }
        }
    }
}

extension NormalizationKernels {
    /// The derivatives of ⟨u, dx⟩, where dx = γσ⁻¹(g − mean(g) − x̂·mean(g·x̂)) is batch norm's
    /// input gradient: with per-channel means ḡ, ū, m = mean(g·x̂), p = mean(u·x̂), q = mean(u·g),
    /// - with respect to g: γσ⁻¹(u − ū − x̂·p) (`dg`),
    /// - with respect to x: −γσ⁻²(x̂·(q − ḡū − 3mp) + p·(g − ḡ) + m·(u − ū)) (`dx`),
    /// - with respect to γ: Mσ⁻¹(q − ḡū − mp) (`dScale`), M elements per channel.
    static func inputGradientBackward(
        _ u: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
        _ layout: Layout, mean: [Float], inverseDeviation: [Float], scale: UnsafePointer<Float>,
        dx: UnsafeMutablePointer<Float>, dg: UnsafeMutablePointer<Float>,
        dScale: UnsafeMutablePointer<Float>
    ) {
        let count = Float(layout.perChannel)
        for c in 0..<layout.channels {
            let mu = mean[c]
            let inverse = inverseDeviation[c]
            let gamma = scale[c]
            var sumG: Float = 0
            var sumU: Float = 0
            var sumGX: Float = 0
            var sumUX: Float = 0
            var sumUG: Float = 0
            forEachPlane(c, layout) { offset in
                let gs = g + offset
                let us = u + offset
                let xs = x + offset
                let size = layout.spatial
                sumG += ElementwiseKernels.sum(gs, size)
                sumU += ElementwiseKernels.sum(us, size)
                sumGX += ElementwiseKernels.dot(gs, xs, size, centering: mu)
                sumUX += ElementwiseKernels.dot(us, xs, size, centering: mu)
                sumUG += ElementwiseKernels.dot(us, gs, size, centering: 0)
            }
            let meanG = sumG / count
            let meanU = sumU / count
            let q = sumUG / count
            let m = sumGX * inverse / count
            let p = sumUX * inverse / count
            dScale[c] = count * inverse * (q - meanG * meanU - m * p)
            let gFactor = gamma * inverse
            let xFactor = -gamma * inverse * inverse
            let xhatTerm = q - meanG * meanU - 3 * m * p
            forEachPlane(c, layout) { offset in
                for i in offset..<(offset + layout.spatial) {
                    let xhat = (x[i] - mu) * inverse
                    dg[i] = gFactor * (u[i] - meanU - xhat * p)
                    dx[i] = xFactor * (xhat * xhatTerm + p * (g[i] - meanG) + m * (u[i] - meanU))
                }
            }
        }
    }

    /// Calls `body(offset)` with the first index of every plane of channel `c`, in batch order.
    @inline(__always)
    private static func forEachPlane(_ c: Int, _ layout: Layout, _ body: (Int) -> Void) {
        for n in 0..<layout.batch { body((n * layout.channels + c) * layout.spatial) }
    }
}

/// The mean and the sum of squared deviations from it of one image plane (two passes over data
/// still in cache). Planes are read in memory order and combined per channel in batch order, in
/// Double, so the statistics take one pass over memory, have no cancellation, and do not depend
/// on the thread count.
struct PlaneMoments {
    let mean: Double, squares: Double

    /// The moments of the `size` contiguous values at `plane`.
    init(_ plane: UnsafePointer<Float>, _ size: Int) {
        let planeMean = ElementwiseKernels.sum(plane, size) / Float(size)
        mean = Double(planeMean)
        squares = Double(ElementwiseKernels.sumOfSquaredDeviations(plane, size, from: planeMean))
    }

    /// Per-channel mean, variance and 1/√(variance + ε) from the moments of an [N, C] grid of
    /// planes of `size` values each. Planes of equal size combine without divisions (Chan et al.'s
    /// update): the mean is the mean of the plane means, and the squared deviations are the
    /// planes' own plus `size` times each plane mean's squared deviation from the mean.
    static func statistics(_ planes: [PlaneMoments], channels: Int, size: Int, epsilon: Float)
        -> NormalizationKernels.Statistics
    {
        let batch = planes.count / channels
        var statistics: NormalizationKernels.Statistics = ([], [], [])
        for c in 0..<channels {
            let channelPlanes = stride(from: c, to: planes.count, by: channels).map { planes[$0] }
            let mean = channelPlanes.reduce(0) { $0 + $1.mean } / Double(batch)
            let squares = channelPlanes.reduce(0) {
                $0 + $1.squares + Double(size) * ($1.mean - mean) * ($1.mean - mean)
            }
            let variance = Float(squares / Double(batch * size))
            statistics.mean.append(Float(mean))
            statistics.variance.append(variance)
            statistics.inverseDeviation.append(1 / (variance + epsilon).squareRoot())
        }
        return statistics
    }
}

/// Batch normalisation fused with the max-pooling that follows it: the normalised tensor is
/// never written, and the input is read once forward and once backward.
///
/// y = a_c·x + b_c with a_c = γ_c/σ_c is monotone in x, so the maximum of y in a window sits at
/// the maximum of x when γ_c > 0 and at its minimum when γ_c < 0 (the first one on ties either
/// way, as for y itself). Windows can therefore be picked on x while the statistics are still
/// being gathered; only the picked elements are transformed.
extension NormalizationKernels {
    /// The batch statistics of the images `image(n)` ([C, H, W] blocks, each valid until the next
    /// call on the same thread), each window's picked input value (`picked`) and flat input
    /// position in the batch (`positions`), and the pooled outputs a_c·picked + b_c (`values`).
    /// Image by image: first the planes' moments and picks, then, once the statistics are known,
    /// the outputs.
    static func statisticsAndMaxPool(
        _ pooling: PoolingGeometry, image: (Int) -> UnsafePointer<Float>,
        scale gamma: UnsafePointer<Float>, shift beta: UnsafePointer<Float>, epsilon: Float,
        values: UnsafeMutablePointer<Float>, picked: UnsafeMutablePointer<Float>,
        positions: UnsafeMutablePointer<Int32>
    ) -> Statistics {
        let channels = pooling.channels
        let planeInputs = pooling.height * pooling.width
        let planeOutputs = pooling.outputHeight * pooling.outputWidth
        let plane = PoolingGeometry(
            batch: 1, channels: 1, height: pooling.height, width: pooling.width, window: pooling.window)
        let planes = [PlaneMoments](unsafeUninitializedCapacity: pooling.batch * channels) { planes, initialized in
            IntraOperationParallelism.forEach(pooling.batch) { n in
                let x = image(n)
                for c in 0..<channels {
                    let index = n * channels + c
                    let input = x + c * planeInputs
                    let chosenValues = picked + index * planeOutputs
                    let chosen = positions + index * planeOutputs
                    (planes.baseAddress! + index).initialize(to: PlaneMoments(input, planeInputs))
                    if gamma[c] > 0 {
                        PoolingKernels.maxPool(input, plane, values: chosenValues, positions: chosen)
                    } else if gamma[c] < 0 {
                        PoolingKernels.minPool(input, plane, values: chosenValues, positions: chosen)
                    } else {
                        PoolingKernels.firstOfWindow(input, plane, values: chosenValues, positions: chosen)
                    }
                    let offset = Int32(index * planeInputs)
                    for i in 0..<planeOutputs { chosen[i] += offset }
                }
            }
            initialized = pooling.batch * channels
        }
        let statistics = PlaneMoments.statistics(planes, channels: channels, size: planeInputs, epsilon: epsilon)
        let (multipliers, addends) = affineFactors(statistics, scale: { gamma[$0] }, shift: { beta[$0] })
        IntraOperationParallelism.forEach(pooling.batch) { n in
            for c in 0..<channels {
                let first = (n * channels + c) * planeOutputs
                let multiplier = multipliers[c]
                let addend = addends[c]
                for i in first..<(first + planeOutputs) { values[i] = picked[i] * multiplier + addend }
            }
        }
        return statistics
    }

    /// Per channel, the input gradient of batch norm followed by max-pooling is
    /// `slope·x + intercept` everywhere plus `factor·g` at the picked positions.
    struct MaxPoolBackwardCoefficients {
        let slopes: [Float], intercepts: [Float], factors: [Float]
    }

    /// The first-order backward pass of batch norm followed by max-pooling, from the pooled
    /// gradient `g`: the batch-norm formula with the full gradient equal to g at the picked
    /// positions and zero elsewhere. Writes dγ and dβ, whose sums run over the picked values alone
    /// (per plane, then per channel in batch order), and returns the coefficients of dx.
    static func maxPoolBackwardCoefficients(
        _ g: UnsafePointer<Float>, picked: UnsafePointer<Float>, _ pooling: PoolingGeometry,
        mean: [Float], inverseDeviation: [Float], scale: UnsafePointer<Float>,
        dScale: UnsafeMutablePointer<Float>, dShift: UnsafeMutablePointer<Float>
    )
        -> MaxPoolBackwardCoefficients
    {
        let channels = pooling.channels
        let pooled = pooling.outputHeight * pooling.outputWidth
        let count = Float(pooling.batch * pooling.height * pooling.width)
        let planeSums = [(g: Float, gx: Float)](unsafeUninitializedCapacity: pooling.batch * channels) {
            sums, initialized in
            IntraOperationParallelism.forEach(pooling.batch) { n in
                for c in 0..<channels {
                    let plane = n * channels + c
                    let first = plane * pooled
                    (sums.baseAddress! + plane).initialize(
                        to: (
                            ElementwiseKernels.sum(g + first, pooled),
                            ElementwiseKernels.dot(
                                g + first, picked + first, pooled,
                                centering: mean[c])
                        ))
                }
            }
            initialized = pooling.batch * channels
        }
        var slopes = [Float](repeating: 0, count: channels)
        var intercepts = slopes
        var factors = slopes
        for c in 0..<channels {
            var sumG: Float = 0
            var sumGX: Float = 0
            for plane in stride(from: c, to: planeSums.count, by: channels) {
                sumG += planeSums[plane].g
                sumGX += planeSums[plane].gx
            }
            let inverse = inverseDeviation[c]
            dScale[c] = sumGX * inverse
            dShift[c] = sumG
            // factor · (g − mean(g) − x̂·mean(g·x̂)), which is affine in x where g = 0; the picked
            // positions add factor · g.
            let factor = scale[c] * inverse
            let meanG = sumG / count
            let meanGXhat = sumGX * inverse / count
            factors[c] = factor
            slopes[c] = -factor * inverse * meanGXhat
            intercepts[c] = -factor * meanG - slopes[c] * mean[c]
        }
        return MaxPoolBackwardCoefficients(slopes: slopes, intercepts: intercepts, factors: factors)
    }

    /// dx of image `n` ([C, H, W] blocks `x` and `dx`, which may be the same memory) from the
    /// coefficients, the pooled gradient and the picked positions of the whole batch.
    static func maxPoolBackwardImage(
        _ n: Int, _ x: UnsafePointer<Float>, _ coefficients: MaxPoolBackwardCoefficients,
        _ g: UnsafePointer<Float>, positions: UnsafePointer<Int32>, _ pooling: PoolingGeometry,
        into dx: UnsafeMutablePointer<Float>
    ) {
        let channels = pooling.channels
        let pooled = pooling.outputHeight * pooling.outputWidth
        let spatial = pooling.height * pooling.width
        let imageStart = n * channels * spatial
        for c in 0..<channels {
            let plane = n * channels + c
            let slope = coefficients.slopes[c]
            let intercept = coefficients.intercepts[c]
            let factor = coefficients.factors[c]
            let source = x + c * spatial
            let target = dx + c * spatial
            for i in 0..<spatial { target[i] = source[i] * slope + intercept }
            for i in (plane * pooled)..<((plane + 1) * pooled) { dx[Int(positions[i]) - imageStart] += factor * g[i] }
        }
    }
}
