/// The sizes of one 2-D convolution of an NCHW batch with an OIHW kernel.
struct ConvolutionGeometry: Equatable {
    let batch: Int, inputChannels: Int, height: Int, width: Int
    let outputChannels: Int, kernelHeight: Int, kernelWidth: Int
    let stride: Int, padding: Int

    var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    var inputShape: [Int] { [batch, inputChannels, height, width] }
    var weightShape: [Int] { [outputChannels, inputChannels, kernelHeight, kernelWidth] }
    var outputShape: [Int] { [batch, outputChannels, outputHeight, outputWidth] }
    /// Rows of the unfolded input: one per (input channel, kernel row, kernel column).
    var patchSize: Int { inputChannels * kernelHeight * kernelWidth }
    /// Columns of the unfolded input: one per (image, output row, output column); the whole
    /// batch is folded into one GEMM.
    var positions: Int { batch * outputHeight * outputWidth }
    /// Multiply–adds of the forward pass.
    var multiplyAdds: Int { outputChannels * patchSize * positions }
}

/// Convolution as im2col + one batch-folded GEMM (OpenBLAS), and the two adjoint products
/// (gradients with respect to the input and to the kernel).
enum ConvolutionKernels {
    /// Unfolds `input` [N,C,H,W] into `columns` [C·kh·kw, N·Ho·Wo] (zeros where the kernel
    /// overhangs the padding).
    static func unfold(_ input: UnsafePointer<Float>, _ g: ConvolutionGeometry, into columns: UnsafeMutablePointer<Float>) {
        let oh = g.outputHeight, ow = g.outputWidth, plane = g.height * g.width
        var row = 0
        for c in 0..<g.inputChannels {
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    var target = columns + row * g.positions
                    for n in 0..<g.batch {
                        let image = input + (n * g.inputChannels + c) * plane
                        for y in 0..<oh {
                            let sourceRow = y * g.stride - g.padding + ki
                            if sourceRow < 0 || sourceRow >= g.height {
                                target.update(repeating: 0, count: ow)
                            } else {
                                let line = image + sourceRow * g.width
                                copyRow(line, width: g.width, offset: kj - g.padding, stride: g.stride, into: target, count: ow)
                            }
                            target += ow
                        }
                    }
                    row += 1
                }
            }
        }
    }

    @inline(__always)
    private static func copyRow(_ line: UnsafePointer<Float>, width: Int, offset: Int, stride: Int,
                                into target: UnsafeMutablePointer<Float>, count: Int) {
        if stride == 1 {
            let first = max(0, -offset), last = min(count, width - offset)
            if first > 0 { target.update(repeating: 0, count: min(first, count)) }
            if last > first { (target + first).update(from: line + first + offset, count: last - first) }
            if last < count { (target + max(last, 0)).update(repeating: 0, count: count - max(last, 0)) }
        } else {
            for x in 0..<count {
                let column = x * stride + offset
                target[x] = column >= 0 && column < width ? line[column] : 0
            }
        }
    }

    /// Folds `columns` back onto a zeroed `input` gradient, adding overlapping contributions:
    /// the adjoint of `unfold`.
    static func fold(_ columns: UnsafePointer<Float>, _ g: ConvolutionGeometry, into input: UnsafeMutablePointer<Float>) {
        let oh = g.outputHeight, ow = g.outputWidth, plane = g.height * g.width
        var row = 0
        for c in 0..<g.inputChannels {
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    var source = columns + row * g.positions
                    let offset = kj - g.padding
                    for n in 0..<g.batch {
                        let image = input + (n * g.inputChannels + c) * plane
                        for y in 0..<oh {
                            let targetRow = y * g.stride - g.padding + ki
                            if targetRow >= 0 && targetRow < g.height {
                                let line = image + targetRow * g.width
                                if g.stride == 1 {
                                    let first = max(0, -offset), last = min(ow, g.width - offset)
                                    if last > first {
                                        for x in first..<last { line[x + offset] += source[x] }
                                    }
                                } else {
                                    for x in 0..<ow {
                                        let column = x * g.stride + offset
                                        if column >= 0 && column < g.width { line[column] += source[x] }
                                    }
                                }
                            }
                            source += ow
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Moves [N, O, P] to [O, N·P] (or back, with `inverse`), P = Ho·Wo: between the NCHW
    /// layout of tensors and the channel-major layout of the batch-folded GEMM.
    static func swapBatchAndChannels(_ source: UnsafePointer<Float>, batch: Int, channels: Int, plane: Int,
                                     inverse: Bool, into target: UnsafeMutablePointer<Float>) {
        for n in 0..<batch {
            for c in 0..<channels {
                let nchw = (n * channels + c) * plane, cnhw = (c * batch + n) * plane
                if inverse {
                    (target + nchw).update(from: source + cnhw, count: plane)
                } else {
                    (target + cnhw).update(from: source + nchw, count: plane)
                }
            }
        }
    }

    /// y = conv(x, w): [N,C,H,W] ⊛ [O,C,kh,kw] → [N,O,Ho,Wo].
    static func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, _ g: ConvolutionGeometry,
                        into output: UnsafeMutablePointer<Float>) {
        let scratch = Scratch.current
        let columns = scratch.buffer(0, count: g.patchSize * g.positions)
        let product = scratch.buffer(1, count: g.outputChannels * g.positions)
        unfold(input, g, into: columns)
        BLAS.gemm(transposeA: false, transposeB: false, m: g.outputChannels, n: g.positions, k: g.patchSize,
                  a: weight, lda: g.patchSize, b: columns, ldb: g.positions, c: product, ldc: g.positions)
        swapBatchAndChannels(product, batch: g.batch, channels: g.outputChannels,
                             plane: g.outputHeight * g.outputWidth, inverse: true, into: output)
    }

    /// dx = convᵀ(dy, w): the gradient with respect to the input, [N,O,Ho,Wo] → [N,C,H,W].
    static func inputGradient(outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                              _ g: ConvolutionGeometry, into input: UnsafeMutablePointer<Float>) {
        let scratch = Scratch.current
        let gradient = scratch.buffer(1, count: g.outputChannels * g.positions)
        let columns = scratch.buffer(0, count: g.patchSize * g.positions)
        swapBatchAndChannels(outputGradient, batch: g.batch, channels: g.outputChannels,
                             plane: g.outputHeight * g.outputWidth, inverse: false, into: gradient)
        BLAS.gemm(transposeA: true, transposeB: false, m: g.patchSize, n: g.positions, k: g.outputChannels,
                  a: weight, lda: g.patchSize, b: gradient, ldb: g.positions, c: columns, ldc: g.positions)
        input.update(repeating: 0, count: g.batch * g.inputChannels * g.height * g.width)
        fold(columns, g, into: input)
    }

    /// dw = dy ⋆ x: the gradient with respect to the kernel, [O,C,kh,kw].
    static func weightGradient(input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                               _ g: ConvolutionGeometry, into weight: UnsafeMutablePointer<Float>) {
        let scratch = Scratch.current
        let columns = scratch.buffer(0, count: g.patchSize * g.positions)
        let gradient = scratch.buffer(1, count: g.outputChannels * g.positions)
        unfold(input, g, into: columns)
        swapBatchAndChannels(outputGradient, batch: g.batch, channels: g.outputChannels,
                             plane: g.outputHeight * g.outputWidth, inverse: false, into: gradient)
        BLAS.gemm(transposeA: false, transposeB: true, m: g.outputChannels, n: g.patchSize, k: g.positions,
                  a: gradient, lda: g.positions, b: columns, ldb: g.positions, c: weight, ldc: g.patchSize)
    }
}
