/// Size-preserving convolutions of large planes (3×3 with padding 1 on 14×14 images and up):
/// the image is unfolded over the kernel columns only, and each kernel row is one product
/// reading that unfolding a few rows further on. Compared with a full im2col this writes and
/// folds a third of the data, for three products of a third of the depth each.
///
/// The unfolding of one image is `rows` [C·kw, (H+2p)·W]: for each input channel and kernel
/// column kj, the image's rows shifted sideways by kj − p (zeros where they leave the image),
/// with p zero rows above and below. Output row y under kernel row ki reads unfolded row y + ki.
/// The kernel is regrouped by kernel row, [kh, O, C·kw], so each kernel row is a plain matrix.
enum RowShiftedConvolution {
    /// Convolutions this applies to: stride 1 and size-preserving padding, planes large enough
    /// for one product per image, and enough input channels for products of a third of the depth
    /// to run efficiently.
    static func applies(to g: ConvolutionGeometry) -> Bool {
        g.preservesSize && g.height * g.width >= 128 && g.inputChannels * g.kernelWidth >= 96
    }

    /// y = conv(x, w), image by image.
    static func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, _ g: ConvolutionGeometry,
                        into output: UnsafeMutablePointer<Float>) {
        let layout = Layout(g), kernel = regrouped(weight, g)
        IntraOperationParallelism.forEach(g.batch) { n in
            let rows = Scratch.current.buffer(0, count: layout.rowsCount)
            unfold(input + n * layout.inputImage, g, into: rows)
            for ki in 0..<g.kernelHeight {
                BLAS.gemm(transposeA: false, transposeB: false, m: g.outputChannels, n: layout.plane, k: layout.depth,
                          a: kernel.pointer + ki * layout.kernelRow, lda: layout.depth, b: rows + ki * g.width, ldb: layout.padded,
                          beta: ki == 0 ? 0 : 1, c: output + n * layout.outputImage, ldc: layout.plane)
            }
        }
    }

    /// dx = convᵀ(dy, w), image by image.
    static func inputGradient(outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                              _ g: ConvolutionGeometry, into input: UnsafeMutablePointer<Float>) {
        let layout = Layout(g), kernel = regrouped(weight, g)
        IntraOperationParallelism.forEach(g.batch) { n in
            let rows = Scratch.current.buffer(0, count: layout.rowsCount)
            for ki in 0..<g.kernelHeight {
                BLAS.gemm(transposeA: true, transposeB: false, m: layout.depth, n: layout.plane, k: g.outputChannels,
                          a: kernel.pointer + ki * layout.kernelRow, lda: layout.depth,
                          b: outputGradient + n * layout.outputImage, ldb: layout.plane,
                          beta: ki == 0 ? 0 : 1, c: rows + ki * g.width, ldc: layout.padded)
                if ki == 0 {
                    // The first product writes the top H rows; the rows below it are added to next.
                    for row in 0..<layout.depth {
                        (rows + row * layout.padded + layout.plane).update(repeating: 0, count: layout.padded - layout.plane)
                    }
                }
            }
            fold(rows, g, into: input + n * layout.inputImage)
        }
    }

    /// dw = dy ⋆ x, summed over the images in fixed groups (`ConvolutionKernels.sumInGroups`).
    static func weightGradient(input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                               _ g: ConvolutionGeometry, into weight: UnsafeMutablePointer<Float>) {
        let layout = Layout(g), kernel = TensorStorage(uninitializedCount: g.outputChannels * g.patchSize)
        ConvolutionKernels.sumInGroups(g.batch, count: kernel.count, into: kernel.pointer) { n, part, overwrite in
            let rows = Scratch.current.buffer(0, count: layout.rowsCount)
            unfold(input + n * layout.inputImage, g, into: rows)
            for ki in 0..<g.kernelHeight {
                BLAS.gemm(transposeA: false, transposeB: true, m: g.outputChannels, n: layout.depth, k: layout.plane,
                          a: outputGradient + n * layout.outputImage, lda: layout.plane, b: rows + ki * g.width, ldb: layout.padded,
                          beta: overwrite ? 0 : 1, c: part + ki * layout.kernelRow, ldc: layout.depth)
            }
        }
        forEachKernelEntry(g) { regroupedIndex, index in weight[index] = kernel.pointer[regroupedIndex] }
    }

    /// Sizes shared by the three products.
    private struct Layout {
        let plane: Int, padded: Int, depth: Int, kernelRow: Int, inputImage: Int, outputImage: Int
        var rowsCount: Int { depth * padded }

        init(_ g: ConvolutionGeometry) {
            plane = g.height * g.width
            padded = (g.height + 2 * g.padding) * g.width
            depth = g.inputChannels * g.kernelWidth
            kernelRow = g.outputChannels * depth
            inputImage = g.inputChannels * plane
            outputImage = g.outputChannels * plane
        }
    }

    /// Calls `body(regroupedIndex, index)` for every kernel entry, in the order of [O, C, kh, kw]:
    /// its flat index in [kh, O, C·kw] and in [O, C, kh, kw].
    @inline(__always)
    private static func forEachKernelEntry(_ g: ConvolutionGeometry, _ body: (Int, Int) -> Void) {
        let kh = g.kernelHeight, kw = g.kernelWidth, row = g.outputChannels * g.inputChannels * kw
        var index = 0
        for outputAndChannel in 0..<(g.outputChannels * g.inputChannels) {
            for ki in 0..<kh {
                let start = ki * row + outputAndChannel * kw
                for kj in 0..<kw {
                    body(start + kj, index)
                    index += 1
                }
            }
        }
    }

    /// The kernel regrouped by kernel row, [kh, O, C·kw].
    private static func regrouped(_ weight: UnsafePointer<Float>, _ g: ConvolutionGeometry) -> TensorStorage {
        let kernel = TensorStorage(uninitializedCount: g.outputChannels * g.patchSize)
        forEachKernelEntry(g) { regroupedIndex, index in kernel.pointer[regroupedIndex] = weight[index] }
        return kernel
    }

    /// The unfolding of one image [C, H, W] into `rows` [C·kw, (H+2p)·W].
    private static func unfold(_ image: UnsafePointer<Float>, _ g: ConvolutionGeometry, into rows: UnsafeMutablePointer<Float>) {
        let plane = g.height * g.width, border = g.padding * g.width, padded = plane + 2 * border
        for c in 0..<g.inputChannels {
            for kj in 0..<g.kernelWidth {
                let target = rows + (c * g.kernelWidth + kj) * padded, block = target + border
                let shift = PlaneShift(rows: 0, columns: kj - g.padding, height: g.height, width: g.width)
                let (first, last) = shift.range
                target.update(repeating: 0, count: border + first)
                (block + first).update(from: image + c * plane + first + shift.offset, count: last - first)
                (block + last).update(repeating: 0, count: plane - last + border)
                shift.forEachBorderColumn(g.width) { block[$0] = 0 }
            }
        }
    }

    /// Folds `rows` back into the image gradient [C, H, W], adding the kernel columns' shifted
    /// contributions: the adjoint of `unfold`. Overwrites `image`; clobbers the border entries of `rows`.
    private static func fold(_ rows: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, into image: UnsafeMutablePointer<Float>) {
        let plane = g.height * g.width, border = g.padding * g.width, padded = plane + 2 * border
        for c in 0..<g.inputChannels {
            let target = image + c * plane
            // The centre column covers the whole plane: it is written first, the others added.
            target.update(from: rows + (c * g.kernelWidth + g.padding) * padded + border, count: plane)
            for kj in 0..<g.kernelWidth where kj != g.padding {
                let block = rows + (c * g.kernelWidth + kj) * padded + border
                let shift = PlaneShift(rows: 0, columns: kj - g.padding, height: g.height, width: g.width)
                // Entries that fell on the zero padding carry no gradient.
                shift.forEachBorderColumn(g.width) { block[$0] = 0 }
                let (first, last) = shift.range, shifted = target + shift.offset
                for i in first..<last { shifted[i] += block[i] }
            }
        }
    }
}
