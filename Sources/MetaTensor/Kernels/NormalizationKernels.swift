/// Fused batch-normalisation kernels over a [N, C, S] layout (S = H·W, or 1 for features):
/// one pass for the statistics, one for the output, and a fused first-order backward pass.
enum NormalizationKernels {
    struct Layout {
        let batch: Int, channels: Int, spatial: Int
        var perChannel: Int { batch * spatial }
    }

    /// Per-channel mean and 1/√(variance + ε) (two passes per channel: mean, then squared deviations).
    static func statistics(_ x: UnsafePointer<Float>, _ layout: Layout, epsilon: Float)
        -> (mean: [Float], variance: [Float], inverseDeviation: [Float]) {
        var mean = [Float](repeating: 0, count: layout.channels)
        var variance = [Float](repeating: 0, count: layout.channels)
        let count = Float(layout.perChannel)
        mean.withUnsafeMutableBufferPointer { mean in variance.withUnsafeMutableBufferPointer { variance in
        IntraOperationParallelism.forEach(layout.channels) { c in
            var total: Float = 0
            for n in 0..<layout.batch {
                total += ElementwiseKernels.sum(x + (n * layout.channels + c) * layout.spatial, layout.spatial)
            }
            let mu = total / count
            var squares: Float = 0
            for n in 0..<layout.batch {
                let base = x + (n * layout.channels + c) * layout.spatial
                var lanes = SIMD8<Float>()
                let blocks = layout.spatial / 8
                for block in 0..<blocks {
                    let d = UnsafeRawPointer(base + block * 8).loadUnaligned(as: SIMD8<Float>.self) - SIMD8(repeating: mu)
                    lanes += d * d
                }
                var tail = lanes.sum()
                for i in (blocks * 8)..<layout.spatial { tail += (base[i] - mu) * (base[i] - mu) }
                squares += tail
            }
            mean[c] = mu
            variance[c] = squares / count
        }
        } }
        return (mean, variance, variance.map { 1 / ($0 + epsilon).squareRoot() })
    }

    /// y = x · a_c + b_c per channel.
    static func affine(_ x: UnsafePointer<Float>, _ layout: Layout, scale a: [Float], shift b: [Float],
                       into y: UnsafeMutablePointer<Float>) {
        for n in 0..<layout.batch {
            for c in 0..<layout.channels {
                let offset = (n * layout.channels + c) * layout.spatial
                let source = x + offset, target = y + offset, multiplier = a[c], addend = b[c]
                for i in 0..<layout.spatial { target[i] = source[i] * multiplier + addend }
            }
        }
    }

    /// The first-order backward pass: with x̂ = (x − μ)·σ⁻¹ and M elements per channel,
    /// dx = γσ⁻¹(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ g·x̂, dβ = Σ g.
    static func backward(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ layout: Layout,
                         mean: [Float], inverseDeviation: [Float], scale: UnsafePointer<Float>,
                         dx: UnsafeMutablePointer<Float>?, dScale: UnsafeMutablePointer<Float>, dShift: UnsafeMutablePointer<Float>) {
        let count = Float(layout.perChannel)
        for c in 0..<layout.channels {
            let mu = mean[c], inverse = inverseDeviation[c]
            var sumG: Float = 0, sumGX: Float = 0
            for n in 0..<layout.batch {
                let offset = (n * layout.channels + c) * layout.spatial
                let gs = g + offset, xs = x + offset
                var lanesG = SIMD8<Float>(), lanesGX = SIMD8<Float>()
                let blocks = layout.spatial / 8
                for block in 0..<blocks {
                    let gv = UnsafeRawPointer(gs + block * 8).loadUnaligned(as: SIMD8<Float>.self)
                    let xv = UnsafeRawPointer(xs + block * 8).loadUnaligned(as: SIMD8<Float>.self)
                    lanesG += gv
                    lanesGX += gv * (xv - SIMD8(repeating: mu))
                }
                var partialG = lanesG.sum(), partialGX = lanesGX.sum()
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
            let meanG = sumG / count, meanGXhat = sumGXhat / count, factor = scale[c] * inverse
            for n in 0..<layout.batch {
                let offset = (n * layout.channels + c) * layout.spatial
                let gs = g + offset, xs = x + offset, target = dx + offset
                for i in 0..<layout.spatial {
                    let xhat = (xs[i] - mu) * inverse
                    target[i] = factor * (gs[i] - meanG - xhat * meanGXhat)
                }
            }
        }
    }
}

/// Batch normalisation fused with the max-pooling that follows it: the normalised tensor is
/// never written. Forward picks each window's maximum of a·x + b; backward uses the fact that
/// the pooled gradient is zero off the picked positions.
extension NormalizationKernels {
    /// Pooled values of y = a_c·x + b_c and the flat input position of each window's maximum.
    /// y is monotone in x, so the maximum of y sits at the maximum of x when a_c > 0 and at its
    /// minimum when a_c < 0 (the first one on ties either way, as for y itself); only the picked
    /// element is transformed.
    static func affineMaxPool(_ x: UnsafePointer<Float>, _ pooling: PoolingGeometry, scale a: [Float], shift b: [Float],
                              values: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
        let planeInputs = pooling.height * pooling.width, planeOutputs = pooling.outputHeight * pooling.outputWidth
        let plane = PoolingGeometry(batch: 1, channels: 1, height: pooling.height, width: pooling.width, window: pooling.window)
        IntraOperationParallelism.forEach(pooling.batch * pooling.channels) { index in
            let c = index % pooling.channels, multiplier = a[c], addend = b[c]
            let input = x + index * planeInputs, output = values + index * planeOutputs
            let picked = positions + index * planeOutputs
            if multiplier > 0 {
                PoolingKernels.maxPool(input, plane, values: output, positions: picked)
            } else if multiplier < 0 {
                PoolingKernels.minPool(input, plane, values: output, positions: picked)
            } else {
                PoolingKernels.firstOfWindow(plane, values: output, positions: picked)
            }
            let offset = Int32(index * planeInputs)
            for i in 0..<planeOutputs {
                output[i] = output[i] * multiplier + addend
                picked[i] += offset
            }
        }
    }

    /// The first-order backward pass of batch norm followed by max-pooling, from the pooled
    /// gradient `g`: the batch-norm formula with the full gradient equal to g at the picked
    /// positions and zero elsewhere.
    static func affineMaxPoolBackward(_ g: UnsafePointer<Float>, positions: UnsafePointer<Int32>,
                                      _ x: UnsafePointer<Float>, _ pooling: PoolingGeometry,
                                      mean: [Float], inverseDeviation: [Float], scale: UnsafePointer<Float>,
                                      dx: UnsafeMutablePointer<Float>?, dScale: UnsafeMutablePointer<Float>,
                                      dShift: UnsafeMutablePointer<Float>) {
        let channels = pooling.channels, pooled = pooling.outputHeight * pooling.outputWidth
        let spatial = pooling.height * pooling.width, count = Float(pooling.batch * spatial)
        // One piece per channel: its sums run over the batch in order, then its dx planes.
        IntraOperationParallelism.forEach(channels) { c in
            let mu = mean[c], inverse = inverseDeviation[c]
            var sumG: Float = 0, sumGX: Float = 0
            for n in 0..<pooling.batch {
                let plane = n * channels + c
                var totalG: Float = 0, totalGX: Float = 0
                for i in (plane * pooled)..<((plane + 1) * pooled) {
                    totalG += g[i]
                    totalGX += g[i] * (x[Int(positions[i])] - mu)
                }
                sumG += totalG
                sumGX += totalGX
            }
            dScale[c] = sumGX * inverse
            dShift[c] = sumG
            guard let dx else { return }
            let factor = scale[c] * inverse, meanG = sumG / count, meanGXhat = sumGX * inverse / count
            // factor · (g − mean(g) − x̂·mean(g·x̂)) with g = 0 here; the picked positions add factor · g below.
            let slope = -factor * inverse * meanGXhat, intercept = -factor * meanG - slope * mu
            for n in 0..<pooling.batch {
                let plane = n * channels + c
                let source = x + plane * spatial, target = dx + plane * spatial
                for i in 0..<spatial { target[i] = source[i] * slope + intercept }
                for i in (plane * pooled)..<((plane + 1) * pooled) { dx[Int(positions[i])] += factor * g[i] }
            }
        }
    }
}
