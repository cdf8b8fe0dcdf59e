/// 3×3 convolutions with stride 1 and padding 1 by Winograd's minimal filtering F(2×2, 3×3)
/// (Lavin and Gray 2016): each 2×2 block of outputs (a tile) takes 16 multiplications per
/// channel pair instead of 36, so the products do 2.25 times less work than im2col's.
///
/// Tile t of an image reads the 4×4 input patch at rows 2·ty − 1 … 2·ty + 2 and columns
/// 2·tx − 1 … 2·tx + 2 (zeros outside the image). With d that patch, g a 3×3 kernel and the
/// matrices Bᵀ, G, Aᵀ below, the tile's outputs are Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A. For the 16 entries ξ
/// of the 4×4 transformed tiles, the sum over input channels is one GEMM per ξ:
/// M[ξ] [O, T] = U[ξ] [O, C] · V[ξ] [C, T], with U the transformed kernel and V the transformed
/// input patches of the T tiles of a chunk of images.
///
/// The input gradient is the same convolution of the output gradient with the kernel flipped
/// and its channels swapped; flipping permutes the rows of G, so its U[ξ] is a transposed
/// U[σ(ξ)]. The kernel gradient is Gᵀ dU G with dU[ξ]ᵀ [C, O] = Σ over chunks of V[ξ] · Z[ξ], where
/// Z[ξ] [T, O] holds (A dY Aᵀ)[ξ] tile by tile: both factors untransposed, the form that OpenBLAS
/// runs on its small-matrix kernel at these sizes (a transposed factor took its packing path,
/// half as fast again).
/// FLOPs are counted as those of the direct convolution (the work done, not how it is done).
enum WinogradConvolution {
    /// Convolutions this applies to: 3×3, stride 1, padding 1, with enough channels on both
    /// sides for the 16 products to run efficiently.
    static func applies(to g: ConvolutionGeometry) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.stride == 1 && g.padding == 1
            && g.inputChannels >= 16 && g.outputChannels >= 16 && g.height >= 7 && g.width >= 7
    }

    /// y = conv(x, w).
    static func forward(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, _ g: ConvolutionGeometry,
        into output: UnsafeMutablePointer<Float>
    ) {
        let kernel = transformedKernel(weight, g)
        convolve(
            input, channels: g.inputChannels, kernel: kernel.pointer, transposed: false,
            outputChannels: g.outputChannels, g, into: output)
    }

    /// dx = convᵀ(dy, w): the convolution of dy with the flipped, channel-swapped kernel.
    static func inputGradient(
        outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        _ g: ConvolutionGeometry, into input: UnsafeMutablePointer<Float>
    ) {
        let kernel = transformedKernel(weight, g)
        convolve(
            outputGradient, channels: g.outputChannels, kernel: kernel.pointer, transposed: true,
            outputChannels: g.inputChannels, g, into: input)
    }

    /// dw = dy ⋆ x, summed over the chunks with `ConvolutionKernels.sumInGroups` as dUᵀ [16, C, O].
    static func weightGradient(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        _ g: ConvolutionGeometry, into weight: UnsafeMutablePointer<Float>
    ) {
        BLAS.count(flops: 2 * g.multiplyAdds)
        let tiling = Tiling(g)
        let pairs = g.outputChannels * g.inputChannels
        let inputImage = g.inputChannels * tiling.plane
        let outputImage = g.outputChannels * tiling.plane
        let chunks = self.chunks(g, tiling)
        let kernelGradient = TensorStorage(uninitializedCount: 16 * pairs)
        ConvolutionKernels.sumInGroups(chunks.count, count: 16 * pairs, into: kernelGradient.pointer) {
            index, part, overwrite in
            let (first, chunk) = chunks[index]
            let tiles = chunk.batch * tiling.perImage
            let scratch = Scratch.current
            let patchStride = entryStride(g.inputChannels * tiles)
            let gradientStride = entryStride(g.outputChannels * tiles)
            let patches = scratch.buffer(0, count: 16 * patchStride)
            let gradients = scratch.buffer(1, count: 16 * gradientStride)
            transformInput(
                input + first * inputImage, images: chunk.batch, channels: g.inputChannels, tiling,
                scratch: scratch, into: patches)
            transformOutputGradient(
                outputGradient + first * outputImage, images: chunk.batch, channels: g.outputChannels,
                tiling, scratch: scratch, into: gradients)
            for entry in 0..<16 {
                BLAS.gemm(
                    transposeA: false, transposeB: false, m: g.inputChannels, n: g.outputChannels, k: tiles,
                    a: patches + entry * patchStride, lda: tiles,
                    b: gradients + entry * gradientStride, ldb: g.outputChannels,
                    accumulating: !overwrite, c: part + entry * pairs, ldc: g.outputChannels, counted: false)
            }
        }
        untransformKernelGradient(kernelGradient.pointer, g, into: weight)
    }

    /// The 2×2 tiles of one image: `rows` by `columns`, the last ones overhanging an odd size.
    private struct Tiling {
        let rows: Int, columns: Int, height: Int, width: Int
        var perImage: Int { rows * columns }
        var plane: Int { height * width }
        /// The first tile column of each group of four neighbouring tiles.
        let groups: [Int]

        init(_ g: ConvolutionGeometry) {
            height = g.height
            width = g.width
            rows = (g.height + 1) / 2
            columns = (g.width + 1) / 2
            groups = fours(columns)
        }
    }

    /// Chunks of images whose transformed patches and products (up to 256 KB each) stay in a
    /// core's L2 cache next to the GEMM's packed copies.
    private static func chunks(_ g: ConvolutionGeometry, _ tiling: Tiling) -> [(
        first: Int, geometry: ConvolutionGeometry
    )] {
        g.chunks(
            imageBytes: 16 * max(g.inputChannels, g.outputChannels) * tiling.perImage * MemoryLayout<Float>.stride,
            chunkBytes: 1 << 18)
    }

    /// The first index of each group of four in 0..<`count`, the last group moved back to end at
    /// `count` (at least 4, so groups overlap rather than overhang).
    private static func fours(_ count: Int) -> [Int] {
        Array(Swift.stride(from: 0, to: count - 4, by: 4)) + [count - 4]
    }

    /// The distance between the 16 matrices of `count` transformed values (one per entry): a
    /// multiple of 4 KB plus one cache line, so that the 16 rows a transform reads or writes
    /// together fall in 16 different L1 cache sets. (At 7×7 with 64 channels and 4 images a
    /// matrix is exactly 16 KB: its 16 rows shared one set, and the transforms ran three times
    /// slower per tile.)
    private static func entryStride(_ count: Int) -> Int {
        (count + 1023) / 1024 * 1024 + 16
    }

    /// The convolution of `source` [N, channels, H, W] with a transformed kernel, into
    /// `target` [N, outputChannels, H, W]. `transposed` reads the kernel as that of the input
    /// gradient (each U[σ(ξ)] transposed).
    private static func convolve(
        _ source: UnsafePointer<Float>, channels: Int, kernel: UnsafePointer<Float>, transposed: Bool,
        outputChannels: Int, _ g: ConvolutionGeometry, into target: UnsafeMutablePointer<Float>
    ) {
        BLAS.count(flops: 2 * g.multiplyAdds)
        let tiling = Tiling(g)
        let pairs = g.outputChannels * g.inputChannels
        let sourceImage = channels * tiling.plane
        let targetImage = outputChannels * tiling.plane
        let chunks = self.chunks(g, tiling)
        IntraOperationParallelism.forEach(chunks.count) { index in
            let (first, chunk) = chunks[index]
            let tiles = chunk.batch * tiling.perImage
            let scratch = Scratch.current
            let patchStride = entryStride(channels * tiles)
            let productStride = entryStride(outputChannels * tiles)
            let patches = scratch.buffer(0, count: 16 * patchStride)
            let products = scratch.buffer(1, count: 16 * productStride)
            transformInput(
                source + first * sourceImage, images: chunk.batch, channels: channels, tiling,
                scratch: scratch, into: patches)
            for entry in 0..<16 {
                let kernelEntry = transposed ? flippedEntry(entry) : entry
                BLAS.gemm(
                    transposeA: transposed, transposeB: false, m: outputChannels, n: tiles, k: channels,
                    a: kernel + kernelEntry * pairs, lda: g.inputChannels,
                    b: patches + entry * patchStride, ldb: tiles,
                    c: products + entry * productStride, ldc: tiles, counted: false)
            }
            transformProducts(
                products, images: chunk.batch, channels: outputChannels, tiling, scratch: scratch,
                into: target + first * targetImage)
        }
    }

    /// σ(ξ) for ξ = 4·row + column: flipping a 3×3 kernel swaps rows 0 and 3 of G and keeps 1 and 2.
    private static func flippedEntry(_ entry: Int) -> Int {
        func flip(_ index: Int) -> Int { index == 0 ? 3 : index == 3 ? 0 : index }
        return flip(entry / 4) * 4 + flip(entry % 4)
    }

    /// U[ξ] [O, C] = (G w Gᵀ)[ξ] for every kernel, with
    /// G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]]: four kernels at a time, one per lane.
    private static func transformedKernel(_ weight: UnsafePointer<Float>, _ g: ConvolutionGeometry) -> TensorStorage {
        let pairs = g.outputChannels * g.inputChannels
        let kernel = TensorStorage(uninitializedCount: 16 * pairs)
        // G applied to three entries, giving four.
        @inline(__always) func expand(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>) -> Four {
            (a, (a + b + c) * 0.5, (a - b + c) * 0.5, c)
        }
        IntraOperationParallelism.forEachSlice((pairs + 3) / 4, pieces: 8) { groups in
            for group in groups {
                // The last group moves back to end at the last kernel (there are at least 256).
                let first = min(4 * group, pairs - 4)
                let kernels = weight + first * 9
                @inline(__always) func entry(_ k: Int) -> SIMD4<Float> {
                    SIMD4(kernels[k], kernels[9 + k], kernels[18 + k], kernels[27 + k])
                }
                // Row i of G w times Gᵀ: entries 4i … 4i + 3.
                @inline(__always) func store(_ i: Int, _ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>) {
                    storeRow(i, expand(a, b, c), to: kernel.pointer + first, entryStride: pairs)
                }
                // Columns 0, 1, 2 of G w.
                let c0 = expand(entry(0), entry(3), entry(6))
                let c1 = expand(entry(1), entry(4), entry(7))
                let c2 = expand(entry(2), entry(5), entry(8))
                store(0, c0.0, c1.0, c2.0)
                store(1, c0.1, c1.1, c2.1)
                store(2, c0.2, c1.2, c2.2)
                store(3, c0.3, c1.3, c2.3)
            }
        }
        return kernel
    }

    /// dw = Gᵀ dU G for every kernel, from dUᵀ [16, C, O] into `weight` [O, C, 3, 3].
    private static func untransformKernelGradient(
        _ gradient: UnsafePointer<Float>, _ g: ConvolutionGeometry,
        into weight: UnsafeMutablePointer<Float>
    ) {
        let pairs = g.outputChannels * g.inputChannels
        IntraOperationParallelism.forEachSlice(pairs, pieces: 8) { slice in
            for pair in slice {
                let (c, o) = pair.quotientAndRemainder(dividingBy: g.outputChannels)
                func row(_ i: Int) -> SIMD4<Float> {
                    let u = gradient + 4 * i * pairs + pair
                    return SIMD4(u[0], u[pairs], u[2 * pairs], u[3 * pairs])
                }
                // Row a of Gᵀ dU times G: entries (a, 0…2) of dw.
                func write(_ a: Int, _ x: SIMD4<Float>) {
                    let w = weight + (o * g.inputChannels + c) * 9 + 3 * a
                    w[0] = x[0] + (x[1] + x[2]) * 0.5
                    w[1] = (x[1] - x[2]) * 0.5
                    w[2] = (x[1] + x[2]) * 0.5 + x[3]
                }
                let (u0, u1, u2, u3) = (row(0), row(1), row(2), row(3))
                write(0, u0 + (u1 + u2) * 0.5)
                write(1, (u1 - u2) * 0.5)
                write(2, (u1 + u2) * 0.5 + u3)
            }
        }
    }

    /// Zero-bordered copies of the planes of one image, all filled before any is read (so no
    /// vector load waits on the stores that filled its plane). Four neighbouring tiles read two
    /// neighbouring columns of their patches as the even and odd lanes of one eight-wide load.
    private struct PaddedPlanes {
        let base: UnsafeMutablePointer<Float>, width: Int, rows: Int, planeCount: Int

        /// `channels` planes of `rows` by `width` in scratch slot 2.
        init(channels: Int, rows: Int, width: Int, scratch: Scratch) {
            self.width = width
            self.rows = rows
            planeCount = rows * width
            base = scratch.buffer(2, count: channels * planeCount)
        }

        /// Row `row` of plane `channel`.
        @inline(__always)
        func row(_ channel: Int, _ row: Int) -> UnsafeMutablePointer<Float> {
            base + (channel &* planeCount &+ row &* width)
        }

        /// Columns 2·tile and 2·tile + 1 of `row` for four neighbouring tiles from `tile` on.
        @inline(__always)
        static func pairs(_ row: UnsafePointer<Float>, tile: Int) -> (even: SIMD4<Float>, odd: SIMD4<Float>) {
            let values = UnsafeRawPointer(row + 2 &* tile).loadUnaligned(as: SIMD8<Float>.self)
            return (values.evenHalf, values.oddHalf)
        }

        /// Writes columns 2·tile (`even`) and 2·tile + 1 (`odd`) of `row` for four neighbouring tiles.
        @inline(__always)
        static func storePairs(_ even: SIMD4<Float>, _ odd: SIMD4<Float>, _ row: UnsafeMutablePointer<Float>, tile: Int)
        {
            let values = SIMD8(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3])
            UnsafeMutableRawPointer(row + 2 &* tile).storeBytes(of: values, as: SIMD8<Float>.self)
        }

        /// Zeros the planes. `fill` writes nothing outside the image, so its borders stay zero
        /// for every image filled after.
        func clear(channels: Int) {
            base.update(repeating: 0, count: channels &* planeCount)
        }

        /// Copies `image` [channels, H, W] inside a one-pixel border: pixel (y, x) of each plane to
        /// (y + 1, x + 1).
        func fill(from image: UnsafePointer<Float>, channels: Int, _ tiling: Tiling) {
            for c in 0..<channels {
                for y in 0..<tiling.height {
                    copyRow(image + (c &* tiling.height &+ y) &* tiling.width, row(c, y &+ 1) + 1, tiling.width)
                }
            }
        }

        /// Copies the top left H by W of each plane into `image` [channels, H, W].
        func copy(into image: UnsafeMutablePointer<Float>, channels: Int, _ tiling: Tiling) {
            for c in 0..<channels {
                for y in 0..<tiling.height {
                    copyRow(row(c, y), image + (c &* tiling.height &+ y) &* tiling.width, tiling.width)
                }
            }
        }

        /// A short row copy (at least four entries), four at a time, the last four overlapping.
        @inline(__always)
        private func copyRow(_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>, _ count: Int) {
            @inline(__always) func copyFour(_ x: Int) {
                UnsafeMutableRawPointer(target + x).storeBytes(
                    of: UnsafeRawPointer(source + x).loadUnaligned(as: SIMD4<Float>.self),
                    as: SIMD4<Float>.self)
            }
            var x = 0
            while x &+ 4 < count {
                copyFour(x)
                x &+= 4
            }
            copyFour(count &- 4)
        }
    }

    private typealias Four = (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)

    /// Bᵀ x for a column x of four (and x B for a row): (x0 − x2, x1 + x2, x2 − x1, x1 − x3), with
    /// Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]].
    @inline(__always)
    private static func inputCombination(_ x0: SIMD4<Float>, _ x1: SIMD4<Float>, _ x2: SIMD4<Float>, _ x3: SIMD4<Float>)
        -> Four
    {
        (x0 - x2, x1 + x2, x2 - x1, x1 - x3)
    }

    /// A x for a column x of two (and x Aᵀ for a row): (x0, x0 + x1, x0 − x1, −x1), with
    /// Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]].
    @inline(__always)
    private static func gradientCombination(_ x0: SIMD4<Float>, _ x1: SIMD4<Float>) -> Four {
        (x0, x0 + x1, x0 - x1, -x1)
    }

    /// Aᵀ x for a column x of four (and x A for a row): (x0 + x1 + x2, x1 − x2 − x3).
    @inline(__always)
    private static func outputCombination(
        _ x0: SIMD4<Float>, _ x1: SIMD4<Float>, _ x2: SIMD4<Float>, _ x3: SIMD4<Float>
    )
        -> (SIMD4<Float>, SIMD4<Float>)
    {
        (x0 + x1 + x2, x1 - x2 - x3)
    }

    /// Writes row i (entries 4i … 4i + 3) of four transformed tiles or kernels, one per lane, to
    /// planes `entryStride` apart.
    @inline(__always)
    private static func storeRow(_ i: Int, _ row: Four, to target: UnsafeMutablePointer<Float>, entryStride: Int) {
        let base = UnsafeMutableRawPointer(target + 4 &* i &* entryStride)
        let step = entryStride &* MemoryLayout<Float>.stride
        base.storeBytes(of: row.0, as: SIMD4<Float>.self)
        (base + step).storeBytes(of: row.1, as: SIMD4<Float>.self)
        (base + 2 &* step).storeBytes(of: row.2, as: SIMD4<Float>.self)
        (base + 3 &* step).storeBytes(of: row.3, as: SIMD4<Float>.self)
    }

    /// V [16, channels, T] = Bᵀ d B for every input patch d of `images` images [channels, H, W],
    /// tiles numbered image by image, row by row.
    private static func transformInput(
        _ source: UnsafePointer<Float>, images: Int, channels: Int, _ tiling: Tiling,
        scratch: Scratch, into patches: UnsafeMutablePointer<Float>
    ) {
        let tiles = images * tiling.perImage
        let entryStride = entryStride(channels * tiles)
        // The image at row 1, column 1, so every patch lies inside the plane.
        let planes = PaddedPlanes(
            channels: channels, rows: 2 * tiling.rows + 2, width: 2 * tiling.columns + 2, scratch: scratch)
        planes.clear(channels: channels)
        for n in 0..<images {
            planes.fill(from: source + n * channels * tiling.plane, channels: channels, tiling)
            for c in 0..<channels {
                let target = patches + (c &* tiles &+ n &* tiling.perImage)
                for ty in 0..<tiling.rows {
                    let top = planes.row(c, 2 &* ty)
                    let rowTarget = target + ty &* tiling.columns
                    for tx in tiling.groups {
                        // Row i of the patches times B: its four columns, each a vector over the four tiles.
                        @inline(__always) func transformedRow(_ i: Int) -> Four {
                            let row = top + i &* planes.width
                            let (left, right) = (
                                PaddedPlanes.pairs(row, tile: tx), PaddedPlanes.pairs(row, tile: tx &+ 1)
                            )
                            return inputCombination(left.even, left.odd, right.even, right.odd)
                        }
                        @inline(__always) func store(_ i: Int, _ x: Four) {
                            storeRow(i, x, to: rowTarget + tx, entryStride: entryStride)
                        }
                        // Rows of Bᵀ (d B): e0 − e2, e1 + e2, e2 − e1, e1 − e3, in an order that keeps
                        // few rows alive.
                        let e1 = transformedRow(1)
                        let e2 = transformedRow(2)
                        store(1, (e1.0 + e2.0, e1.1 + e2.1, e1.2 + e2.2, e1.3 + e2.3))
                        store(2, (e2.0 - e1.0, e2.1 - e1.1, e2.2 - e1.2, e2.3 - e1.3))
                        let e0 = transformedRow(0)
                        store(0, (e0.0 - e2.0, e0.1 - e2.1, e0.2 - e2.2, e0.3 - e2.3))
                        let e3 = transformedRow(3)
                        store(3, (e1.0 - e3.0, e1.1 - e3.1, e1.2 - e3.2, e1.3 - e3.3))
                    }
                }
            }
        }
    }

    /// Z [16, T, channels] = A dY Aᵀ for every 2×2 output-gradient tile dY, four channels at a
    /// time, one per lane.
    private static func transformOutputGradient(
        _ source: UnsafePointer<Float>, images: Int, channels: Int, _ tiling: Tiling,
        scratch: Scratch, into gradients: UnsafeMutablePointer<Float>
    ) {
        let tiles = images * tiling.perImage
        let entryStride = entryStride(channels * tiles)
        let pixels = InterleavedPixels(channels: channels, tiling, scratch: scratch)
        pixels.clear()
        for n in 0..<images {
            pixels.fill(from: source + n * channels * tiling.plane)
            for ty in 0..<tiling.rows {
                for tx in 0..<tiling.columns {
                    let top = pixels.pixel(2 &* ty, 2 &* tx)
                    let tile = gradients + (n &* tiling.perImage &+ ty &* tiling.columns &+ tx) &* channels
                    for first in pixels.channelGroups {
                        @inline(__always) func load(_ offset: Int) -> SIMD4<Float> {
                            UnsafeRawPointer(top + (offset &+ first)).loadUnaligned(as: SIMD4<Float>.self)
                        }
                        // Columns 0 and 1 of A dY, from the tile's rows (d00, d01) and (d10, d11).
                        let c0 = gradientCombination(load(0), load(pixels.rowStride))
                        let c1 = gradientCombination(load(channels), load(pixels.rowStride &+ channels))
                        let target = tile + first
                        storeRow(0, gradientCombination(c0.0, c1.0), to: target, entryStride: entryStride)
                        storeRow(1, gradientCombination(c0.1, c1.1), to: target, entryStride: entryStride)
                        storeRow(2, gradientCombination(c0.2, c1.2), to: target, entryStride: entryStride)
                        storeRow(3, gradientCombination(c0.3, c1.3), to: target, entryStride: entryStride)
                    }
                }
            }
        }
    }

    /// One image with the channels of each pixel side by side, [2·rows, 2·columns, channels] of
    /// its tiling, in scratch slot 2: the layout whose four neighbouring channels load as one vector.
    private struct InterleavedPixels {
        let base: UnsafeMutablePointer<Float>, channels: Int, rows: Int, width: Int, tiling: Tiling
        /// The first of each four channels, and of each four image columns (the last group of
        /// each may overlap the one before).
        let channelGroups: [Int], columnGroups: [Int]

        init(channels: Int, _ tiling: Tiling, scratch: Scratch) {
            self.channels = channels
            self.tiling = tiling
            rows = 2 * tiling.rows
            width = 2 * tiling.columns
            channelGroups = fours(channels)
            columnGroups = fours(tiling.width)
            base = scratch.buffer(2, count: rows * width * channels)
        }

        /// The distance between vertically neighbouring pixels.
        var rowStride: Int { width &* channels }

        /// The channels of pixel (`row`, `column`).
        @inline(__always)
        func pixel(_ row: Int, _ column: Int) -> UnsafeMutablePointer<Float> {
            base + (row &* width &+ column) &* channels
        }

        /// Zeros every pixel; `fill` writes none outside the image, so pixels past an odd size stay zero.
        func clear() {
            base.update(repeating: 0, count: rows &* width &* channels)
        }

        /// Copies `image` [channels, H, W] to the top left H by W pixels, four channels by four
        /// columns at a time, transposed in registers.
        func fill(from image: UnsafePointer<Float>) {
            for first in channelGroups {
                for y in 0..<tiling.height {
                    let row = image + (first &* tiling.height &+ y) &* tiling.width
                    for x in columnGroups {
                        @inline(__always) func load(_ k: Int) -> SIMD4<Float> {
                            UnsafeRawPointer(row + (k &* tiling.plane &+ x)).loadUnaligned(as: SIMD4<Float>.self)
                        }
                        let (r0, r1, r2, r3) = (load(0), load(1), load(2), load(3))
                        for j in 0..<4 {
                            UnsafeMutableRawPointer(pixel(y, x &+ j) + first)
                                .storeBytes(of: SIMD4(r0[j], r1[j], r2[j], r3[j]), as: SIMD4<Float>.self)
                        }
                    }
                }
            }
        }
    }

    /// Y = Aᵀ M A for every tile of the products M [16, channels, T], into `images` images
    /// [channels, H, W]: made in planes of 2·rows by 2·columns, then copied (the outputs past an
    /// odd size dropped).
    private static func transformProducts(
        _ products: UnsafePointer<Float>, images: Int, channels: Int, _ tiling: Tiling,
        scratch: Scratch, into target: UnsafeMutablePointer<Float>
    ) {
        let tiles = images * tiling.perImage
        let entryStride = entryStride(channels * tiles)
        let planes = PaddedPlanes(
            channels: channels, rows: 2 * tiling.rows, width: 2 * tiling.columns, scratch: scratch)
        for n in 0..<images {
            for c in 0..<channels {
                let source = products + (c &* tiles &+ n &* tiling.perImage)
                for ty in 0..<tiling.rows {
                    let top = planes.row(c, 2 &* ty)
                    for tx in tiling.groups {
                        let tile = UnsafeRawPointer(source + (ty &* tiling.columns &+ tx))
                        @inline(__always) func entry(_ i: Int, _ j: Int) -> SIMD4<Float> {
                            (tile + (4 &* i &+ j) &* entryStride &* MemoryLayout<Float>.stride).loadUnaligned(
                                as: SIMD4<Float>.self)
                        }
                        // Column j of Aᵀ M.
                        @inline(__always) func column(_ j: Int) -> (SIMD4<Float>, SIMD4<Float>) {
                            outputCombination(entry(0, j), entry(1, j), entry(2, j), entry(3, j))
                        }
                        let (c0, c1, c2, c3) = (column(0), column(1), column(2), column(3))
                        let upper = outputCombination(c0.0, c1.0, c2.0, c3.0)
                        let lower = outputCombination(c0.1, c1.1, c2.1, c3.1)
                        PaddedPlanes.storePairs(upper.0, upper.1, top, tile: tx)
                        PaddedPlanes.storePairs(lower.0, lower.1, top + planes.width, tile: tx)
                    }
                }
            }
            planes.copy(into: target + n * channels * tiling.plane, channels: channels, tiling)
        }
    }
}
