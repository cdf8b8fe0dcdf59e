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
    /// Stride 1 with padding that keeps the image size (a 3×3 kernel with padding 1).
    var preservesSize: Bool { stride == 1 && outputHeight == height && outputWidth == width }

    /// The same convolution on `count` images of the batch.
    func images(_ count: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(
            batch: count, inputChannels: inputChannels, height: height, width: width,
            outputChannels: outputChannels, kernelHeight: kernelHeight, kernelWidth: kernelWidth,
            stride: stride, padding: padding)
    }

    /// Chunk counts come in multiples of this; it also caps the parallel pieces of a kernel gradient.
    static let chunkMultiple = 8

    /// The batch cut into consecutive chunks of images whose unfolded columns take at most about
    /// `chunkBytes`: small enough to stay in a core's L2 cache between im2col and GEMM, large
    /// enough for an efficient GEMM. The number of chunks is a multiple of `chunkMultiple` (when
    /// the batch allows), so a lone task spreads a batch evenly over 2, 4 or 8 cores. Each chunk:
    /// its first image and geometry. The cut depends on the sizes only, never on the thread count.
    var chunks: [(first: Int, geometry: ConvolutionGeometry)] {
        chunks(imageBytes: patchSize * outputHeight * outputWidth * MemoryLayout<Float>.stride)
    }

    /// `chunks` for a kernel whose working set takes `imageBytes` per image and at most about
    /// `chunkBytes` per chunk.
    func chunks(imageBytes: Int, chunkBytes: Int = 1 << 20) -> [(first: Int, geometry: ConvolutionGeometry)] {
        let chunkMultiple = Self.chunkMultiple
        let bySize = (batch * imageBytes + chunkBytes - 1) / chunkBytes
        let count = max(1, (bySize + chunkMultiple - 1) / chunkMultiple) * chunkMultiple
        let perChunk = max(1, (batch + count - 1) / count)
        return Swift.stride(from: 0, to: batch, by: perChunk).map { ($0, images(min(perChunk, batch - $0))) }
    }
}

/// Convolution as im2col + one batch-folded GEMM (OpenBLAS), and the two adjoint products
/// (gradients with respect to the input and to the kernel).
enum ConvolutionKernels {
    /// Unfolds `input` [N,C,H,W] into `columns` [C·kh·kw, N·Ho·Wo] (zeros where the kernel
    /// overhangs the padding).
    static func unfold(
        _ input: UnsafePointer<Float>, _ g: ConvolutionGeometry, into columns: UnsafeMutablePointer<Float>
    ) {
        if g.preservesSize {
            forEachShiftedPlane(g, columns) { plane, block, shift in
                let (first, last) = shift.range
                for i in 0..<first { block[i] = 0 }
                (block + first).update(from: input + plane + first + shift.offset, count: last - first)
                for i in last..<(g.height * g.width) { block[i] = 0 }
                shift.forEachBorderColumn(g.width) { block[$0] = 0 }
            }
            return
        }
        let oh = g.outputHeight
        let ow = g.outputWidth
        let plane = g.height * g.width
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
                                for x in 0..<ow { target[x] = 0 }
                            } else {
                                let line = image + sourceRow * g.width
                                copyRow(
                                    line, width: g.width, offset: kj - g.padding, stride: g.stride, into: target,
                                    count: ow)
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
    private static func copyRow(
        _ line: UnsafePointer<Float>, width: Int, offset: Int, stride: Int,
        into target: UnsafeMutablePointer<Float>, count: Int
    ) {
        if stride == 1 {
            // Element-wise loops rather than memcpy/memset: rows are short (7 to 28 scalars), so a
            // call per row would cost more than the copy.
            let first = min(max(0, -offset), count)
            let last = max(first, min(count, width - offset))
            for x in 0..<first { target[x] = 0 }
            for x in first..<last { target[x] = line[x + offset] }
            for x in last..<count { target[x] = 0 }
        } else {
            for x in 0..<count {
                let column = x * stride + offset
                target[x] = column >= 0 && column < width ? line[column] : 0
            }
        }
    }

    /// Folds `columns` back into the `input` gradient, adding overlapping contributions: the
    /// adjoint of `unfold`. Overwrites `input` (no zero-fill needed beforehand).
    static func fold(
        _ columns: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, into input: UnsafeMutablePointer<Float>
    ) {
        let plane = g.height * g.width
        if g.preservesSize {
            // The centre offset covers the whole plane: it is written first, the others added.
            let kernelArea = g.kernelHeight * g.kernelWidth
            let centre = g.padding * g.kernelWidth + g.padding
            let shifts = (0..<kernelArea).map {
                PlaneShift(
                    rows: $0 / g.kernelWidth - g.padding, columns: $0 % g.kernelWidth - g.padding,
                    height: g.height, width: g.width)
            }
            for c in 0..<g.inputChannels {
                for n in 0..<g.batch {
                    let target = input + (n * g.inputChannels + c) * plane
                    target.update(from: columns + (c * kernelArea + centre) * g.positions + n * plane, count: plane)
                    for offset in 0..<kernelArea where offset != centre {
                        let shift = shifts[offset]
                        let block = columns + (c * kernelArea + offset) * g.positions + n * plane
                        // Entries that fell on the zero padding carry no gradient; clear them so the
                        // flat shifted add below can run over whole rows.
                        shift.forEachBorderColumn(g.width) { block[$0] = 0 }
                        let (first, last) = shift.range
                        let shifted = target + shift.offset
                        for i in first..<last { shifted[i] += block[i] }
                    }
                }
            }
            return
        }
        input.update(repeating: 0, count: g.batch * g.inputChannels * plane)
        let oh = g.outputHeight
        let ow = g.outputWidth
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
                                    let first = max(0, -offset)
                                    let last = min(ow, g.width - offset)
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

    /// A stride-1 convolution whose padding keeps the image size (3×3 with padding 1): each row
    /// of the unfolded input is, per image, the input plane shifted by (ki − p, kj − p), so it is
    /// one contiguous copy plus zeroed borders instead of one short copy per output row.
    /// Calls `body(planeOffset, block, shift)` for every (channel, ki, kj) row and image.
    @inline(__always)
    private static func forEachShiftedPlane(
        _ g: ConvolutionGeometry, _ columns: UnsafeMutablePointer<Float>,
        _ body: (Int, UnsafeMutablePointer<Float>, PlaneShift) -> Void
    ) {
        let plane = g.height * g.width
        var row = 0
        for c in 0..<g.inputChannels {
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let shift = PlaneShift(
                        rows: ki - g.padding, columns: kj - g.padding, height: g.height, width: g.width)
                    for n in 0..<g.batch {
                        body((n * g.inputChannels + c) * plane, columns + row * g.positions + n * plane, shift)
                    }
                    row += 1
                }
            }
        }
    }

    /// Moves [N, O, P] to [O, N·P] (or back, with `inverse`), P = Ho·Wo: between the NCHW
    /// layout of tensors and the channel-major layout of the batch-folded GEMM.
    static func swapBatchAndChannels(
        _ source: UnsafePointer<Float>, batch: Int, channels: Int, plane: Int,
        inverse: Bool, into target: UnsafeMutablePointer<Float>
    ) {
        for n in 0..<batch {
            for c in 0..<channels {
                let nchw = (n * channels + c) * plane
                let cnhw = (c * batch + n) * plane
                if inverse {
                    (target + nchw).update(from: source + cnhw, count: plane)
                } else {
                    (target + cnhw).update(from: source + nchw, count: plane)
                }
            }
        }
    }

    /// Whether products are computed per image straight into the NCHW layout (large planes),
    /// rather than for the whole chunk followed by a [O, N·P] → [N, O, P] move (small planes,
    /// where one GEMM per image would be too small to run efficiently).
    private static func perImage(_ g: ConvolutionGeometry) -> Bool {
        g.outputHeight * g.outputWidth >= 128
    }

    /// y = conv(x, w): [N,C,H,W] ⊛ [O,C,kh,kw] → [N,O,Ho,Wo].
    static func forward(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, _ g: ConvolutionGeometry,
        into output: UnsafeMutablePointer<Float>
    ) {
        if WinogradConvolution.applies(to: g) {
            return WinogradConvolution.forward(input: input, weight: weight, g, into: output)
        }
        let inputImage = g.inputChannels * g.height * g.width
        let outputImage = g.outputChannels * g.outputHeight * g.outputWidth
        let chunks = g.chunks
        IntraOperationParallelism.forEach(chunks.count) { index in
            let (first, chunk) = chunks[index]
            forwardChunk(input: input + first * inputImage, weight: weight, chunk, into: output + first * outputImage)
        }
    }

    /// The unfolding of the images of one chunk, in slot 0 of `scratch`.
    private static func unfolded(_ input: UnsafePointer<Float>, _ chunk: ConvolutionGeometry, _ scratch: Scratch)
        -> UnsafeMutablePointer<Float>
    {
        let columns = scratch.buffer(0, count: chunk.patchSize * chunk.positions)
        unfold(input, chunk, into: columns)
        return columns
    }

    /// `forward` of the images of one chunk on the calling thread, through its scratch slots 0 and 1.
    /// `counted: false` leaves its GEMMs out of `BLAS.flopsExecuted` (a recomputation).
    static func forwardChunk(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, _ chunk: ConvolutionGeometry,
        counted: Bool = true, into output: UnsafeMutablePointer<Float>
    ) {
        let plane = chunk.outputHeight * chunk.outputWidth
        let outputImage = chunk.outputChannels * plane
        let scratch = Scratch.current
        let columns = unfolded(input, chunk, scratch)
        if perImage(chunk) {
            for n in 0..<chunk.batch {
                BLAS.gemm(
                    transposeA: false, transposeB: false, m: chunk.outputChannels, n: plane, k: chunk.patchSize,
                    a: weight, lda: chunk.patchSize, b: columns + n * plane, ldb: chunk.positions,
                    c: output + n * outputImage, ldc: plane, counted: counted)
            }
        } else {
            let product = scratch.buffer(1, count: chunk.outputChannels * chunk.positions)
            BLAS.gemm(
                transposeA: false, transposeB: false, m: chunk.outputChannels, n: chunk.positions, k: chunk.patchSize,
                a: weight, lda: chunk.patchSize, b: columns, ldb: chunk.positions, c: product, ldc: chunk.positions,
                counted: counted)
            swapBatchAndChannels(
                product, batch: chunk.batch, channels: chunk.outputChannels, plane: plane,
                inverse: true, into: output)
        }
    }

    /// dx = convᵀ(dy, w): the gradient with respect to the input, [N,O,Ho,Wo] → [N,C,H,W].
    static func inputGradient(
        outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        _ g: ConvolutionGeometry, into input: UnsafeMutablePointer<Float>
    ) {
        if WinogradConvolution.applies(to: g) {
            return WinogradConvolution.inputGradient(outputGradient: outputGradient, weight: weight, g, into: input)
        }
        let inputImage = g.inputChannels * g.height * g.width
        let plane = g.outputHeight * g.outputWidth
        let outputImage = g.outputChannels * plane
        let chunks = g.chunks
        IntraOperationParallelism.forEach(chunks.count) { index in
            let (first, chunk) = chunks[index]
            let scratch = Scratch.current
            let columns = scratch.buffer(0, count: chunk.patchSize * chunk.positions)
            if perImage(g) {
                for n in 0..<chunk.batch {
                    BLAS.gemm(
                        transposeA: true, transposeB: false, m: g.patchSize, n: plane, k: g.outputChannels,
                        a: weight, lda: g.patchSize, b: outputGradient + (first + n) * outputImage, ldb: plane,
                        c: columns + n * plane, ldc: chunk.positions)
                }
            } else {
                let gradient = scratch.buffer(1, count: chunk.outputChannels * chunk.positions)
                swapBatchAndChannels(
                    outputGradient + first * outputImage, batch: chunk.batch, channels: g.outputChannels,
                    plane: plane, inverse: false, into: gradient)
                BLAS.gemm(
                    transposeA: true, transposeB: false, m: g.patchSize, n: chunk.positions, k: g.outputChannels,
                    a: weight, lda: g.patchSize, b: gradient, ldb: chunk.positions, c: columns, ldc: chunk.positions)
            }
            fold(columns, chunk, into: input + first * inputImage)
        }
    }

    /// dw = dy ⋆ x: the gradient with respect to the kernel, [O,C,kh,kw], summed over the chunks
    /// with `sumInGroups`.
    static func weightGradient(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        _ g: ConvolutionGeometry, into weight: UnsafeMutablePointer<Float>
    ) {
        if WinogradConvolution.applies(to: g) {
            return WinogradConvolution.weightGradient(input: input, outputGradient: outputGradient, g, into: weight)
        }
        let inputImage = g.inputChannels * g.height * g.width
        let outputImage = g.outputChannels * g.outputHeight * g.outputWidth
        let chunks = g.chunks
        sumInGroups(chunks.count, count: g.outputChannels * g.patchSize, into: weight) { index, part, overwrite in
            let (first, chunk) = chunks[index]
            accumulateWeightGradient(
                input: input + first * inputImage, outputGradient: outputGradient + first * outputImage,
                chunk, overwrite: overwrite, into: part)
        }
    }

    /// Adds (or, with `overwrite`, writes) the kernel gradient of the images of one chunk to `weight`,
    /// on the calling thread through its scratch slots 0 and 1.
    static func accumulateWeightGradient(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        _ chunk: ConvolutionGeometry, overwrite: Bool, into weight: UnsafeMutablePointer<Float>
    ) {
        let plane = chunk.outputHeight * chunk.outputWidth
        let outputImage = chunk.outputChannels * plane
        let scratch = Scratch.current
        let columns = unfolded(input, chunk, scratch)
        if perImage(chunk) {
            for n in 0..<chunk.batch {
                BLAS.gemm(
                    transposeA: false, transposeB: true, m: chunk.outputChannels, n: chunk.patchSize, k: plane,
                    a: outputGradient + n * outputImage, lda: plane, b: columns + n * plane, ldb: chunk.positions,
                    accumulating: !(overwrite && n == 0), c: weight, ldc: chunk.patchSize)
            }
        } else {
            let gradient = scratch.buffer(1, count: chunk.outputChannels * chunk.positions)
            swapBatchAndChannels(
                outputGradient, batch: chunk.batch, channels: chunk.outputChannels, plane: plane,
                inverse: false, into: gradient)
            BLAS.gemm(
                transposeA: false, transposeB: true, m: chunk.outputChannels, n: chunk.patchSize, k: chunk.positions,
                a: gradient, lda: chunk.positions, b: columns, ldb: chunk.positions,
                accumulating: !overwrite, c: weight, ldc: chunk.patchSize)
        }
    }

    /// Σ over `items` contributions of `count` floats into `result`: the items are cut into at most
    /// `ConvolutionGeometry.chunkMultiple` fixed groups of consecutive items, each summed in order
    /// into its own part by `accumulate(item, part, overwrite)` (`overwrite` for a group's first
    /// item); the parts are then added in group order. So the sum does not depend on how many
    /// threads computed it, and the parts stay few.
    static func sumInGroups(
        _ items: Int, count: Int, into result: UnsafeMutablePointer<Float>,
        _ accumulate: (_ item: Int, _ part: UnsafeMutablePointer<Float>, _ overwrite: Bool) -> Void
    ) {
        let groups = min(items, ConvolutionGeometry.chunkMultiple)
        // The parts take the calling thread's scratch slot 4 (its workers use slots 0 to 3): drawn
        // from the pool, every kernel shape's parts would stay idle in a size class of their own
        // (ResNet-12's eight took 566 MiB, where the largest takes 200 MiB).
        let parts = groups == 1 ? result : Scratch.current.buffer(4, count: groups * count)
        IntraOperationParallelism.forEach(groups) { group in
            let members = (group * items / groups)..<((group + 1) * items / groups)
            for item in members {
                accumulate(item, parts + group * count, item == members.lowerBound)
            }
        }
        guard groups > 1 else { return }
        // Every entry sums its parts in group order, whichever thread sums its slice.
        IntraOperationParallelism.forEachSlice(count, pieces: 8) { slice in
            (result + slice.lowerBound).update(from: parts + slice.lowerBound, count: slice.count)
            for group in 1..<groups {
                let part = parts + group * count
                for i in slice { result[i] += part[i] }
            }
        }
    }
}

/// One kernel offset of a size-preserving convolution, seen on a flattened image plane:
/// output position i reads input position i + `offset` wherever that lies inside the image.
struct PlaneShift {
    let rows: Int, columns: Int, height: Int, width: Int

    /// The flat shift of the input relative to the output.
    var offset: Int { rows * width + columns }

    /// The flat output range that can be read by one shifted copy: the rows whose source row
    /// exists, trimmed at the ends so no read falls outside the plane. The entries of the
    /// border columns inside it are wrong and are fixed by `forEachBorderColumn`.
    var range: (first: Int, last: Int) {
        let firstRow = max(0, -rows)
        let lastRow = min(height, height - rows)
        guard lastRow > firstRow else { return (0, 0) }
        return (firstRow * width + max(0, -columns), lastRow * width - max(0, columns))
    }

    /// Every flat output position, within the valid rows, whose source column lies in the padding.
    @inline(__always)
    func forEachBorderColumn(_ width: Int, _ body: (Int) -> Void) {
        let firstRow = max(0, -rows)
        let lastRow = min(height, height - rows)
        guard lastRow > firstRow, columns != 0 else { return }
        let border = columns < 0 ? 0..<min(-columns, width) : max(0, width - columns)..<width
        let end = lastRow &* width
        for column in border {
            // Plain strided loop: one element per row, where range iteration would cost more than the store.
            var position = firstRow &* width &+ column
            while position < end {
                body(position)
                position &+= width
            }
        }
    }
}
