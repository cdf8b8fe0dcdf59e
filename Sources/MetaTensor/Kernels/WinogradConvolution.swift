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
///
/// On large planes in fast numerics, F(4×4, 3×3) runs instead (`Tiling.size` 4): 4×4 output
/// tiles from 6×6 patches at rows 4·ty − 1 … 4·ty + 4, 36 products of a quarter as many tiles
/// (2.25 multiplications per output and channel pair instead of 4), with the matrices of points
/// 0, ±1, ±2 and ∞ below. Its flipped kernel is not a permutation of U, so the input gradient
/// transforms the flipped kernel itself. Portable numerics keep F(2×2, 3×3), whose digits they
/// promise.
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
        let tiling = Tiling(g)
        let kernel = transformedKernel(weight, g, tiling, flipped: false)
        convolve(
            input, channels: g.inputChannels, kernel: kernel.pointer, entries: Array(0..<tiling.entries),
            transposed: false, outputChannels: g.outputChannels, g, tiling, into: output)
    }

    /// dx = convᵀ(dy, w): the convolution of dy with the flipped, channel-swapped kernel.
    static func inputGradient(
        outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        _ g: ConvolutionGeometry, into input: UnsafeMutablePointer<Float>
    ) {
        let tiling = Tiling(g)
        // F(2×2, 3×3) reads U[σ(ξ)]; F(4×4, 3×3) transforms the flipped kernel.
        let permuted = tiling.size == 2
        let kernel = transformedKernel(weight, g, tiling, flipped: !permuted)
        let entries = permuted ? (0..<16).map(flippedEntry) : Array(0..<tiling.entries)
        convolve(
            outputGradient, channels: g.outputChannels, kernel: kernel.pointer, entries: entries,
            transposed: true, outputChannels: g.inputChannels, g, tiling, into: input)
    }

    /// dw = dy ⋆ x, summed over the chunks with `ConvolutionKernels.sumInGroups` as dUᵀ [entries, C, O].
    static func weightGradient(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        _ g: ConvolutionGeometry, into weight: UnsafeMutablePointer<Float>
    ) {
        BLAS.count(flops: 2 * g.multiplyAdds)
        let tiling = Tiling(g)
        let pairs = g.outputChannels * g.inputChannels
        let inputImage = g.inputChannels * tiling.plane
        let outputImage = g.outputChannels * tiling.plane
        let entries = tiling.entries
        let chunks = self.chunks(g, tiling)
        let kernelGradient = TensorStorage(uninitializedCount: entries * pairs)
        ConvolutionKernels.sumInGroups(chunks.count, count: entries * pairs, into: kernelGradient.pointer) {
            index, part, overwrite in
            let (first, chunk) = chunks[index]
            let tiles = chunk.batch * tiling.perImage
            let scratch = Scratch.current
            let patchStride = entryStride(g.inputChannels * tiles)
            let gradientStride = entryStride(g.outputChannels * tiles)
            let patches = scratch.buffer(0, count: entries * patchStride)
            let gradients = scratch.buffer(1, count: entries * gradientStride)
            transformInput(
                input + first * inputImage, images: chunk.batch, channels: g.inputChannels, tiling,
                scratch: scratch, into: patches)
            transformOutputGradient(
                outputGradient + first * outputImage, images: chunk.batch, channels: g.outputChannels,
                tiling, scratch: scratch, into: gradients)
            for entry in 0..<entries {
                BLAS.gemm(
                    transposeA: false, transposeB: false, m: g.inputChannels, n: g.outputChannels, k: tiles,
                    a: patches + entry * patchStride, lda: tiles,
                    b: gradients + entry * gradientStride, ldb: g.outputChannels,
                    accumulating: !overwrite, c: part + entry * pairs, ldc: g.outputChannels, counted: false)
            }
        }
        untransformKernelGradient(kernelGradient.pointer, g, tiling, into: weight)
    }

    /// Whether `g` runs F(4×4, 3×3): in fast numerics, on planes of at least 20×20 (ResNet-12's
    /// 84×84, 42×42 and 21×21 layers), where it measured faster than F(2×2, 3×3) on every
    /// shape (docs/benchmarks.md). bf16 keeps F(2×2, 3×3): its tiles rounded to bfloat16 err
    /// about 6 times as much with F(4×4, 3×3)'s larger coefficients.
    private static func usesLargeTiles(_ g: ConvolutionGeometry) -> Bool {
        NumericsMode.current == .fast && g.height >= 20 && g.width >= 20
    }

    /// The `size`×`size` tiles of one image: `rows` by `columns`, the last ones overhanging a
    /// size that is not a multiple.
    private struct Tiling {
        /// 2 for F(2×2, 3×3), 4 for F(4×4, 3×3).
        let size: Int
        let rows: Int, columns: Int, height: Int, width: Int
        var perImage: Int { rows * columns }
        var plane: Int { height * width }
        /// The side of a patch and of a transformed tile.
        var side: Int { size + 2 }
        /// The entries of a transformed tile: the number of products.
        var entries: Int { side * side }
        /// The first tile column of each group of four neighbouring tiles.
        let groups: [Int]

        init(_ g: ConvolutionGeometry) {
            size = usesLargeTiles(g) ? 4 : 2
            height = g.height
            width = g.width
            rows = (g.height + size - 1) / size
            columns = (g.width + size - 1) / size
            groups = fours(columns)
        }
    }

    /// Chunks of images whose transformed patches and products (up to 256 KB each) stay in a
    /// core's L2 cache next to the GEMM's packed copies. Where each chunk's products pack the
    /// transformed kernel U[ξ] again (`packingKernel`: the value and the input gradient), F(4×4,
    /// 3×3)'s chunks and, in bf16 numerics, F(2×2, 3×3)'s hold at least 256 tiles (whole images), so
    /// that packing stays small against the products: one 21×21 image of 36 tiles per chunk ran
    /// slower than F(2×2, 3×3), and in bf16, with one image per chunk, packing took a tenth of a
    /// ResNet-12 episode. The chunks never change a result's digits there, as each product sums
    /// over channels; the kernel gradient, whose products sum over a chunk's tiles, keeps its
    /// chunks in bf16.
    private static func chunks(_ g: ConvolutionGeometry, _ tiling: Tiling, packingKernel: Bool = false) -> [(
        first: Int, geometry: ConvolutionGeometry
    )] {
        let imageBytes =
            tiling.entries * max(g.inputChannels, g.outputChannels) * tiling.perImage
            * MemoryLayout<Float>.stride
        let wholeTiles = tiling.size == 4 || (packingKernel && NumericsMode.current == .bf16)
        let minimumImages = wholeTiles ? (255 + tiling.perImage) / tiling.perImage : 1
        return g.chunks(imageBytes: imageBytes, chunkBytes: max(1 << 18, minimumImages * imageBytes))
    }

    /// The first index of each group of four in 0..<`count`, the last group moved back to end at
    /// `count` (at least 4, so groups overlap rather than overhang).
    private static func fours(_ count: Int) -> [Int] {
        Array(Swift.stride(from: 0, to: count - 4, by: 4)) + [count - 4]
    }

    /// The distance between the matrices of `count` transformed values (one per entry): a
    /// multiple of 4 KB plus one cache line, so that the 16 (or 36) rows a transform reads or
    /// writes together fall in different L1 cache sets. (At 7×7 with 64 channels and 4 images a
    /// matrix is exactly 16 KB: its 16 rows shared one set, and the transforms ran three times
    /// slower per tile.)
    private static func entryStride(_ count: Int) -> Int {
        (count + 1023) / 1024 * 1024 + 16
    }

    /// The convolution of `source` [N, channels, H, W] with a transformed kernel, into
    /// `target` [N, outputChannels, H, W]: product ξ multiplies the kernel's entry `entries[ξ]`,
    /// transposed (as the input gradient reads it) with `transposed`.
    private static func convolve(
        _ source: UnsafePointer<Float>, channels: Int, kernel: UnsafePointer<Float>, entries: [Int],
        transposed: Bool, outputChannels: Int, _ g: ConvolutionGeometry, _ tiling: Tiling,
        into target: UnsafeMutablePointer<Float>
    ) {
        BLAS.count(flops: 2 * g.multiplyAdds)
        let pairs = g.outputChannels * g.inputChannels
        let sourceImage = channels * tiling.plane
        let targetImage = outputChannels * tiling.plane
        let chunks = self.chunks(g, tiling, packingKernel: true)
        IntraOperationParallelism.forEach(chunks.count) { index in
            let (first, chunk) = chunks[index]
            let tiles = chunk.batch * tiling.perImage
            let scratch = Scratch.current
            let patchStride = entryStride(channels * tiles)
            let productStride = entryStride(outputChannels * tiles)
            let patches = scratch.buffer(0, count: entries.count * patchStride)
            let products = scratch.buffer(1, count: entries.count * productStride)
            transformInput(
                source + first * sourceImage, images: chunk.batch, channels: channels, tiling,
                scratch: scratch, into: patches)
            for (entry, kernelEntry) in entries.enumerated() {
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

    /// U[ξ] [O, C] = (G w Gᵀ)[ξ] for every kernel w (flipped, with `flipped`), four kernels at
    /// a time, one per lane. For F(2×2, 3×3), G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]].
    private static func transformedKernel(
        _ weight: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ tiling: Tiling, flipped: Bool
    ) -> TensorStorage {
        let pairs = g.outputChannels * g.inputChannels
        let kernel = TensorStorage(uninitializedCount: tiling.entries * pairs)
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
                    let tap = flipped ? 8 - k : k
                    return SIMD4(kernels[tap], kernels[9 + tap], kernels[18 + tap], kernels[27 + tap])
                }
                let target = kernel.pointer + first
                guard tiling.size == 2 else {
                    // Columns 0, 1, 2 of G w, then row i of G w times Gᵀ: entries 6i … 6i + 5.
                    let c0 = kernelCombination(entry(0), entry(3), entry(6))
                    let c1 = kernelCombination(entry(1), entry(4), entry(7))
                    let c2 = kernelCombination(entry(2), entry(5), entry(8))
                    storeSixRow(0, kernelCombination(c0.0, c1.0, c2.0), to: target, entryStride: pairs)
                    storeSixRow(1, kernelCombination(c0.1, c1.1, c2.1), to: target, entryStride: pairs)
                    storeSixRow(2, kernelCombination(c0.2, c1.2, c2.2), to: target, entryStride: pairs)
                    storeSixRow(3, kernelCombination(c0.3, c1.3, c2.3), to: target, entryStride: pairs)
                    storeSixRow(4, kernelCombination(c0.4, c1.4, c2.4), to: target, entryStride: pairs)
                    storeSixRow(5, kernelCombination(c0.5, c1.5, c2.5), to: target, entryStride: pairs)
                    continue
                }
                // Row i of G w times Gᵀ: entries 4i … 4i + 3.
                @inline(__always) func store(_ i: Int, _ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>) {
                    storeRow(i, expand(a, b, c), to: target, entryStride: pairs)
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

    /// dw = Gᵀ dU G for every kernel, from dUᵀ [entries, C, O] into `weight` [O, C, 3, 3].
    private static func untransformKernelGradient(
        _ gradient: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ tiling: Tiling,
        into weight: UnsafeMutablePointer<Float>
    ) {
        let pairs = g.outputChannels * g.inputChannels
        IntraOperationParallelism.forEachSlice(pairs, pieces: 8) { slice in
            for pair in slice {
                let (c, o) = pair.quotientAndRemainder(dividingBy: g.outputChannels)
                let w = weight + (o * g.inputChannels + c) * 9
                guard tiling.size == 2 else {
                    // Row i of dU, entries (i, 0…5) in lanes 0…5.
                    func row(_ i: Int) -> SIMD8<Float> {
                        let u = gradient + 6 * i * pairs + pair
                        return SIMD8(u[0], u[pairs], u[2 * pairs], u[3 * pairs], u[4 * pairs], u[5 * pairs], 0, 0)
                    }
                    // Rows 0, 1, 2 of Gᵀ dU, then its columns j as lanes a of SIMD4, times G.
                    let r = kernelGradientCombination((row(0), row(1), row(2), row(3), row(4), row(5)))
                    func column(_ j: Int) -> SIMD4<Float> { SIMD4(r.0[j], r.1[j], r.2[j], 0) }
                    let t = kernelGradientCombination(
                        (column(0), column(1), column(2), column(3), column(4), column(5)))
                    for a in 0..<3 {
                        w[3 * a] = t.0[a]
                        w[3 * a + 1] = t.1[a]
                        w[3 * a + 2] = t.2[a]
                    }
                    continue
                }
                func row(_ i: Int) -> SIMD4<Float> {
                    let u = gradient + 4 * i * pairs + pair
                    return SIMD4(u[0], u[pairs], u[2 * pairs], u[3 * pairs])
                }
                // Row a of Gᵀ dU times G: entries (a, 0…2) of dw.
                func write(_ a: Int, _ x: SIMD4<Float>) {
                    w[3 * a] = x[0] + (x[1] + x[2]) * 0.5
                    w[3 * a + 1] = (x[1] - x[2]) * 0.5
                    w[3 * a + 2] = (x[1] + x[2]) * 0.5 + x[3]
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

        /// Columns 4·tile … 4·tile + 5 of `row` for four neighbouring tiles from `tile` on.
        @inline(__always)
        static func sixColumns(_ row: UnsafePointer<Float>, tile: Int) -> Six {
            let v = UnsafeRawPointer(row + 4 &* tile).loadUnaligned(as: SIMD16<Float>.self)
            let w = UnsafeRawPointer(row + (4 &* tile &+ 16)).loadUnaligned(as: SIMD2<Float>.self)
            return (
                SIMD4(v[0], v[4], v[8], v[12]), SIMD4(v[1], v[5], v[9], v[13]), SIMD4(v[2], v[6], v[10], v[14]),
                SIMD4(v[3], v[7], v[11], v[15]), SIMD4(v[4], v[8], v[12], w[0]), SIMD4(v[5], v[9], v[13], w[1])
            )
        }

        /// Writes columns 4·tile + j (`columns.j`) of `row` for four neighbouring tiles.
        @inline(__always)
        static func storeQuads(_ columns: Four, _ row: UnsafeMutablePointer<Float>, tile: Int) {
            let (a, b, c, d) = columns
            let values = SIMD16(
                a[0], b[0], c[0], d[0], a[1], b[1], c[1], d[1], a[2], b[2], c[2], d[2], a[3], b[3], c[3], d[3])
            UnsafeMutableRawPointer(row + 4 &* tile).storeBytes(of: values, as: SIMD16<Float>.self)
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

    private typealias Six = (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)

    /// F(4×4, 3×3)'s Bᵀ x for a column x of six (and x B for a row), with Bᵀ =
    /// [[4, 0, −5, 0, 1, 0], [0, −4, −4, 1, 1, 0], [0, 4, −4, −1, 1, 0], [0, −2, −1, 2, 1, 0],
    /// [0, 2, −1, −2, 1, 0], [0, 4, 0, −5, 0, 1]].
    @inline(__always)
    private static func sixInputCombination(_ x: Six) -> Six {
        let (sum, difference) = (x.3 + x.4, x.4 - x.3)
        let (outer, inner) = (x.4 - x.2, (x.3 - x.1) * 2)
        return (
            x.0 * 4 - x.2 * 5 + x.4, sum - (x.1 + x.2) * 4, difference + (x.1 - x.2) * 4, outer + inner,
            outer - inner, x.1 * 4 - x.3 * 5 + x.5
        )
    }

    /// F(4×4, 3×3)'s A x for a column x of four (and x Aᵀ for a row), with Aᵀ below.
    @inline(__always)
    private static func sixGradientCombination(_ x: Four) -> Six {
        let (even, odd) = (x.0 + x.2, x.1 + x.3)
        let (evenScaled, oddScaled) = (x.0 + x.2 * 4, x.1 * 2 + x.3 * 8)
        return (x.0, even + odd, even - odd, evenScaled + oddScaled, evenScaled - oddScaled, x.3)
    }

    /// F(4×4, 3×3)'s Aᵀ x for a column x of six (and x A for a row), with
    /// Aᵀ = [[1, 1, 1, 1, 1, 0], [0, 1, −1, 2, −2, 0], [0, 1, 1, 4, 4, 0], [0, 1, −1, 8, −8, 1]].
    @inline(__always)
    private static func sixOutputCombination(_ x: Six) -> Four {
        let (a, b, c, d) = (x.1 + x.2, x.1 - x.2, x.3 + x.4, x.3 - x.4)
        return (x.0 + a + c, b + d * 2, a + c * 4, b + d * 8 + x.5)
    }

    /// F(4×4, 3×3)'s G x for a column x of three (and x Gᵀ for a row), with G = [[¼, 0, 0],
    /// [−⅙, −⅙, −⅙], [−⅙, ⅙, −⅙], [1/24, 1/12, ⅙], [1/24, −1/12, ⅙], [0, 0, 1]].
    @inline(__always)
    private static func kernelCombination(_ x0: SIMD4<Float>, _ x1: SIMD4<Float>, _ x2: SIMD4<Float>) -> Six {
        let sum = x0 + x2
        let (even, odd) = (x0 * (1 / 24) + x2 * (1 / 6), x1 * (1 / 12))
        return (x0 * 0.25, (sum + x1) * (-1 / 6), (sum - x1) * (-1 / 6), even + odd, even - odd, x2)
    }

    /// F(4×4, 3×3)'s Gᵀ y for a column y of six (and y G for a row): three values.
    @inline(__always)
    private static func kernelGradientCombination<V: SIMD>(_ y: (V, V, V, V, V, V)) -> (V, V, V)
    where V.Scalar == Float {
        let (a, b, c, d) = (y.1 + y.2, y.1 - y.2, y.3 + y.4, y.3 - y.4)
        return (y.0 * 0.25 - a * (1 / 6) + c * (1 / 24), d * (1 / 12) - b * (1 / 6), (c - a) * (1 / 6) + y.5)
    }

    /// Writes row i (entries 6i … 6i + 5) of four transformed tiles or kernels, one per lane, to
    /// planes `entryStride` apart.
    @inline(__always)
    private static func storeSixRow(_ i: Int, _ row: Six, to target: UnsafeMutablePointer<Float>, entryStride: Int) {
        storeSix(row, to: target + 6 &* i &* entryStride, step: entryStride)
    }

    /// Writes the six vectors of `values` to planes `step` apart from `target`.
    @inline(__always)
    private static func storeSix(_ values: Six, to target: UnsafeMutablePointer<Float>, step: Int) {
        let base = UnsafeMutableRawPointer(target)
        let bytes = step &* MemoryLayout<Float>.stride
        base.storeBytes(of: values.0, as: SIMD4<Float>.self)
        (base + bytes).storeBytes(of: values.1, as: SIMD4<Float>.self)
        (base + 2 &* bytes).storeBytes(of: values.2, as: SIMD4<Float>.self)
        (base + 3 &* bytes).storeBytes(of: values.3, as: SIMD4<Float>.self)
        (base + 4 &* bytes).storeBytes(of: values.4, as: SIMD4<Float>.self)
        (base + 5 &* bytes).storeBytes(of: values.5, as: SIMD4<Float>.self)
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

    /// V [entries, channels, T] = Bᵀ d B for every input patch d of `images` images
    /// [channels, H, W], tiles numbered image by image, row by row.
    private static func transformInput(
        _ source: UnsafePointer<Float>, images: Int, channels: Int, _ tiling: Tiling,
        scratch: Scratch, into patches: UnsafeMutablePointer<Float>
    ) {
        let tiles = images * tiling.perImage
        let entryStride = entryStride(channels * tiles)
        // The image at row 1, column 1, so every patch lies inside the plane.
        let planes = PaddedPlanes(
            channels: channels, rows: tiling.size * tiling.rows + 2, width: tiling.size * tiling.columns + 2,
            scratch: scratch)
        planes.clear(channels: channels)
        for n in 0..<images {
            planes.fill(from: source + n * channels * tiling.plane, channels: channels, tiling)
            for c in 0..<channels {
                let target = patches + (c &* tiles &+ n &* tiling.perImage)
                for ty in 0..<tiling.rows {
                    let top = planes.row(c, tiling.size &* ty)
                    let rowTarget = target + ty &* tiling.columns
                    for tx in tiling.groups {
                        if tiling.size == 2 {
                            transformFourPatches(top, width: planes.width, tile: tx, rowTarget + tx, entryStride)
                        } else {
                            transformFourLargePatches(top, width: planes.width, tile: tx, rowTarget + tx, entryStride)
                        }
                    }
                }
            }
        }
    }

    /// Bᵀ d B for the 4×4 patches d of four neighbouring tiles from `tile` on, whose top row is
    /// `top` in a plane `width` wide, one tile per lane, to planes `entryStride` apart.
    @inline(__always)
    private static func transformFourPatches(
        _ top: UnsafePointer<Float>, width: Int, tile tx: Int, _ target: UnsafeMutablePointer<Float>,
        _ entryStride: Int
    ) {
        // Row i of the patches times B: its four columns, each a vector over the four tiles.
        @inline(__always) func transformedRow(_ i: Int) -> Four {
            let row = top + i &* width
            let (left, right) = (PaddedPlanes.pairs(row, tile: tx), PaddedPlanes.pairs(row, tile: tx &+ 1))
            return inputCombination(left.even, left.odd, right.even, right.odd)
        }
        @inline(__always) func store(_ i: Int, _ x: Four) {
            storeRow(i, x, to: target, entryStride: entryStride)
        }
        // Rows of Bᵀ (d B): e0 − e2, e1 + e2, e2 − e1, e1 − e3, in an order that keeps few rows alive.
        let e1 = transformedRow(1)
        let e2 = transformedRow(2)
        store(1, (e1.0 + e2.0, e1.1 + e2.1, e1.2 + e2.2, e1.3 + e2.3))
        store(2, (e2.0 - e1.0, e2.1 - e1.1, e2.2 - e1.2, e2.3 - e1.3))
        let e0 = transformedRow(0)
        store(0, (e0.0 - e2.0, e0.1 - e2.1, e0.2 - e2.2, e0.3 - e2.3))
        let e3 = transformedRow(3)
        store(3, (e1.0 - e3.0, e1.1 - e3.1, e1.2 - e3.2, e1.3 - e3.3))
    }

    /// Bᵀ d B for the 6×6 patches d of four neighbouring tiles of F(4×4, 3×3), as
    /// `transformFourPatches`.
    @inline(__always)
    private static func transformFourLargePatches(
        _ top: UnsafePointer<Float>, width: Int, tile tx: Int, _ target: UnsafeMutablePointer<Float>,
        _ entryStride: Int
    ) {
        // Row i of the patches times B: its six columns, each a vector over the four tiles.
        @inline(__always) func transformedRow(_ i: Int) -> Six {
            sixInputCombination(PaddedPlanes.sixColumns(top + i &* width, tile: tx))
        }
        let (e0, e1, e2) = (transformedRow(0), transformedRow(1), transformedRow(2))
        let (e3, e4, e5) = (transformedRow(3), transformedRow(4), transformedRow(5))
        // Column j of Bᵀ (d B): entries j, 6 + j, … 30 + j.
        @inline(__always) func store(_ j: Int, _ column: Six) {
            storeSix(sixInputCombination(column), to: target + j &* entryStride, step: 6 &* entryStride)
        }
        store(0, (e0.0, e1.0, e2.0, e3.0, e4.0, e5.0))
        store(1, (e0.1, e1.1, e2.1, e3.1, e4.1, e5.1))
        store(2, (e0.2, e1.2, e2.2, e3.2, e4.2, e5.2))
        store(3, (e0.3, e1.3, e2.3, e3.3, e4.3, e5.3))
        store(4, (e0.4, e1.4, e2.4, e3.4, e4.4, e5.4))
        store(5, (e0.5, e1.5, e2.5, e3.5, e4.5, e5.5))
    }

    /// Z [entries, T, channels] = A dY Aᵀ for every output-gradient tile dY, four channels at a
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
                    let top = pixels.pixel(tiling.size &* ty, tiling.size &* tx)
                    let tile = gradients + (n &* tiling.perImage &+ ty &* tiling.columns &+ tx) &* channels
                    for first in pixels.channelGroups {
                        @inline(__always) func load(_ row: Int, _ column: Int) -> SIMD4<Float> {
                            UnsafeRawPointer(top + (row &* pixels.rowStride &+ column &* channels &+ first))
                                .loadUnaligned(as: SIMD4<Float>.self)
                        }
                        let target = tile + first
                        guard tiling.size == 2 else {
                            // Column j of A dY, then row i of (A dY) Aᵀ: entries 6i … 6i + 5.
                            @inline(__always) func column(_ j: Int) -> Six {
                                sixGradientCombination((load(0, j), load(1, j), load(2, j), load(3, j)))
                            }
                            let (c0, c1, c2, c3) = (column(0), column(1), column(2), column(3))
                            @inline(__always) func store(_ i: Int, _ row: Four) {
                                storeSixRow(i, sixGradientCombination(row), to: target, entryStride: entryStride)
                            }
                            store(0, (c0.0, c1.0, c2.0, c3.0))
                            store(1, (c0.1, c1.1, c2.1, c3.1))
                            store(2, (c0.2, c1.2, c2.2, c3.2))
                            store(3, (c0.3, c1.3, c2.3, c3.3))
                            store(4, (c0.4, c1.4, c2.4, c3.4))
                            store(5, (c0.5, c1.5, c2.5, c3.5))
                            continue
                        }
                        // Columns 0 and 1 of A dY, from the tile's rows (d00, d01) and (d10, d11).
                        let c0 = gradientCombination(load(0, 0), load(1, 0))
                        let c1 = gradientCombination(load(0, 1), load(1, 1))
                        storeRow(0, gradientCombination(c0.0, c1.0), to: target, entryStride: entryStride)
                        storeRow(1, gradientCombination(c0.1, c1.1), to: target, entryStride: entryStride)
                        storeRow(2, gradientCombination(c0.2, c1.2), to: target, entryStride: entryStride)
                        storeRow(3, gradientCombination(c0.3, c1.3), to: target, entryStride: entryStride)
                    }
                }
            }
        }
    }

    /// One image with the channels of each pixel side by side, [size·rows, size·columns, channels]
    /// of its tiling, in scratch slot 2: the layout whose four neighbouring channels load as one vector.
    private struct InterleavedPixels {
        let base: UnsafeMutablePointer<Float>, channels: Int, rows: Int, width: Int, tiling: Tiling
        /// The first of each four channels, and of each four image columns (the last group of
        /// each may overlap the one before).
        let channelGroups: [Int], columnGroups: [Int]

        init(channels: Int, _ tiling: Tiling, scratch: Scratch) {
            self.channels = channels
            self.tiling = tiling
            rows = tiling.size * tiling.rows
            width = tiling.size * tiling.columns
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

        /// Zeros every pixel; `fill` writes none outside the image, so pixels past the image stay zero.
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

    /// Y = Aᵀ M A for every tile of the products M [entries, channels, T], into `images` images
    /// [channels, H, W]: made in planes of size·rows by size·columns, then copied (the outputs
    /// past the image dropped).
    private static func transformProducts(
        _ products: UnsafePointer<Float>, images: Int, channels: Int, _ tiling: Tiling,
        scratch: Scratch, into target: UnsafeMutablePointer<Float>
    ) {
        let tiles = images * tiling.perImage
        let entryStride = entryStride(channels * tiles)
        let planes = PaddedPlanes(
            channels: channels, rows: tiling.size * tiling.rows, width: tiling.size * tiling.columns, scratch: scratch)
        for n in 0..<images {
            for c in 0..<channels {
                let source = products + (c &* tiles &+ n &* tiling.perImage)
                for ty in 0..<tiling.rows {
                    let top = planes.row(c, tiling.size &* ty)
                    for tx in tiling.groups {
                        let tile = UnsafeRawPointer(source + (ty &* tiling.columns &+ tx))
                        @inline(__always) func entry(_ index: Int) -> SIMD4<Float> {
                            (tile + index &* entryStride &* MemoryLayout<Float>.stride).loadUnaligned(
                                as: SIMD4<Float>.self)
                        }
                        guard tiling.size == 2 else {
                            // Column j of Aᵀ M, then row r of (Aᵀ M) A: the tiles' output row r.
                            @inline(__always) func column(_ j: Int) -> Four {
                                sixOutputCombination(
                                    (
                                        entry(j), entry(6 &+ j), entry(12 &+ j), entry(18 &+ j), entry(24 &+ j),
                                        entry(30 &+ j)
                                    ))
                            }
                            let (c0, c1, c2) = (column(0), column(1), column(2))
                            let (c3, c4, c5) = (column(3), column(4), column(5))
                            @inline(__always) func store(_ r: Int, _ row: Six) {
                                PaddedPlanes.storeQuads(sixOutputCombination(row), top + r &* planes.width, tile: tx)
                            }
                            store(0, (c0.0, c1.0, c2.0, c3.0, c4.0, c5.0))
                            store(1, (c0.1, c1.1, c2.1, c3.1, c4.1, c5.1))
                            store(2, (c0.2, c1.2, c2.2, c3.2, c4.2, c5.2))
                            store(3, (c0.3, c1.3, c2.3, c3.3, c4.3, c5.3))
                            continue
                        }
                        // Column j of Aᵀ M.
                        @inline(__always) func column(_ j: Int) -> (SIMD4<Float>, SIMD4<Float>) {
                            outputCombination(entry(j), entry(4 &+ j), entry(8 &+ j), entry(12 &+ j))
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
