import Testing
import CNumerics
import MetaTensor
import SeededRandom

/// The bfloat16 GEMM of bf16 numerics: both factors rounded to bfloat16, then, for each element, the
/// depths taken in pairs (0, 1), (2, 3), … as VDPBF16PS takes them: c += a₁·b₁, then c += a₀·b₀,
/// each a Float addition of an exact product. Every blocking and orientation must give that, to the bit.
@Suite(.enabled(if: NumericsMode.bf16.missingFeature == nil, "this CPU lacks AVX512-BF16"))
struct BFloat16GEMMTests {
    static func bf16(_ x: Float) -> Float { metalearn_round_to_bf16(x) }

    /// op(A)·op(B) (+ C) by the definition above. Products of two bfloat16 values are exact in Float,
    /// so `c + a * b` rounds once, as the instruction does.
    static func pairChain(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: [Float], b: [Float],
                          c: [Float]?) -> [Float] {
        var result = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n {
            func product(_ p: Int) -> Float {
                guard p < k else { return 0 }
                return bf16(transposeA ? a[p * m + i] : a[i * k + p]) * bf16(transposeB ? b[j * k + p] : b[p * n + j])
            }
            var sum = c?[i * n + j] ?? 0
            for p in stride(from: 0, to: k, by: 2) {
                sum = sum + product(p + 1)
                sum = sum + product(p)
            }
            result[i * n + j] = sum
        }}
        return result
    }

    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.nextNormal()) }
    }

    @Test func roundingIsToNearestTiesToEven() {
        let ulp: Float = 0x1p-7  // bfloat16's spacing just above 1
        #expect(Self.bf16(1 + ulp / 2) == 1, "a tie goes to the even neighbour, 1")
        #expect(Self.bf16(1 + 3 * ulp / 2) == 1 + 2 * ulp, "a tie goes to the even neighbour, 1 + 2⁻⁶")
        #expect(Self.bf16(1 + ulp / 2 + 0x1p-20) == 1 + ulp, "past the tie rounds up")
        #expect(Self.bf16(1 + ulp / 2 - 0x1p-20) == 1, "short of the tie rounds down")
        #expect(Self.bf16(-3.140625) == -3.140625, "bfloat16 values stay")
        let subnormal = Float.leastNormalMagnitude / 1000
        #expect(Self.bf16(subnormal) == 0 && Self.bf16(-subnormal).sign == .minus && Self.bf16(-subnormal) == 0,
                "subnormals become zeros of their sign")
        #expect(Self.bf16(.nan).isNaN && Self.bf16(.infinity) == .infinity)
        #expect(Self.bf16(.greatestFiniteMagnitude) == .infinity, "past bfloat16's largest value rounds to infinity")
    }

    /// Shapes across the blocking (8×32 tiles, 96 rows, 256 columns and 512 depths per block), edge
    /// tiles, odd depths, narrow products that run transposed (n < 32), and k = 0.
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (8, 32, 512), (7, 33, 3), (75, 5, 41), (100, 9, 600), (5, 3, 7), (97, 290, 1025), (13, 17, 0),
    ]

    @Test(arguments: shapes)
    func kernelComputesThePairChain(shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        for transposeA in [false, true] { for transposeB in [false, true] { for accumulating in [false, true] {
            let a = Self.random(m * k, seed: 1), b = Self.random(k * n, seed: 2), initial = Self.random(m * n, seed: 3)
            let expected = Self.pairChain(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b,
                                          c: accumulating ? initial : nil)
            var c = initial
            let workspace = UnsafeMutableRawPointer.allocate(
                byteCount: metalearn_bf16_workspace_count(m, n, k) * 4, alignment: 64)
            defer { workspace.deallocate() }
            metalearn_bf16_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, transposeA ? m : k,
                                 b, transposeB ? k : n, accumulating ? 1 : 0, &c, n, workspace)
            #expect(c.map(\.bitPattern) == expected.map(\.bitPattern),
                    "transposeA \(transposeA), transposeB \(transposeB), accumulating \(accumulating)")
        }}}
    }

    /// The engine's matrix product runs the bfloat16 GEMM in bf16 numerics, and so differs from the
    /// Float product by about bfloat16's precision (2⁻⁸ relative), far more than Float's round-off.
    @Test func matmulInBF16NumericsIsThePairChain() {
        let (m, n, k) = (37, 21, 70)
        let a = Self.random(m * k, seed: 4), b = Self.random(k * n, seed: 5)
        func product() -> Tensor { Tensor.matmul(Tensor(shape: [m, k], scalars: a), Tensor(shape: [k, n], scalars: b)) }
        let bf16 = NumericsMode.with(.bf16) { product() }
        let expected = Self.pairChain(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, b: b, c: nil)
        #expect(bf16.scalars.map(\.bitPattern) == expected.map(\.bitPattern))
        let float = product()
        let error = zip(bf16.scalars, float.scalars).map { abs($0 - $1) }.max()!
        #expect(error > 1e-3 && error < 0.3, "bfloat16 factors change the product by \(error)")
    }

    /// A convolution (im2col's and Winograd's paths) and its gradients in bf16 numerics stay within
    /// bfloat16's precision of the Float ones: the same operations, on rounded factors.
    @Test func convolutionAndGradientsFollowTheFloatOnes() {
        var generator = SeededGenerator(seed: 6)
        for channels in [3, 16] {
            let x = Tensor(shape: [2, channels, 9, 9], scalars: (0..<(2 * channels * 81)).map { _ in Float(generator.nextNormal()) }).variable()
            let w = Tensor(shape: [16, channels, 3, 3], scalars: (0..<(16 * channels * 9)).map { _ in Float(generator.nextNormal()) * 0.2 }).variable()
            func run() -> [Float] {
                let y = x.conv2d(w, stride: 1, padding: 1)
                let loss = (y * y).mean()
                let g = gradients(of: loss, wrt: [x, w])
                return y.scalars + g[0].scalars + g[1].scalars
            }
            let float = run(), bf16 = NumericsMode.with(.bf16) { run() }
            let scale = float.map(abs).max()!
            let error = zip(bf16, float).map { abs($0 - $1) }.max()!
            #expect(error < 0.03 * scale && error > 1e-5 * scale, "channels \(channels): error \(error) of \(scale)")
        }
    }
    /// On a plane where fast numerics take F(4×4, 3×3), bf16 keeps F(2×2, 3×3): rounding the
    /// transformed tiles to bfloat16 errs in proportion to the transforms' coefficients, which are
    /// small in F(2×2, 3×3) and up to 25 (input) and 8 (output) in F(4×4, 3×3). Relative RMS errors
    /// against the definition in Double, measured here: 0.40–0.47% with F(2×2, 3×3), 2.5–2.6% with
    /// F(4×4, 3×3) in bf16 (a direct convolution of the rounded factors, what PyTorch's bf16
    /// autocast computes, errs by about 0.3% on ResNet-12's shapes). The bound sits between the two.
    @Test func largePlanesKeepTheSmallTilesError() {
        let x = randomTensor([2, 32, 20, 20], seed: 41).variable()
        let w = randomTensor([32, 32, 3, 3], seed: 42, scale: 0.08).variable()
        let g = randomTensor([2, 32, 20, 20], seed: 43)
        let (y, grads) = NumericsMode.with(.bf16) {
            let y = x.conv2d(w, padding: 1)
            return (y, gradients(of: (y * g).sum(), wrt: [x, w]))
        }
        let (expected, dx, dw) = directConvolution3x3(x, w, outputGradient: g)
        let errors = [(y, expected), (grads[0], dx), (grads[1], dw)].map { actual, reference in
            let squaredError = zip(actual.scalars, reference).map { (Double($0) - $1) * (Double($0) - $1) }
            return (squaredError.reduce(0, +) / reference.map { $0 * $0 }.reduce(0, +)).squareRoot()
        }
        #expect(errors.allSatisfy { $0 < 0.01 }, "value, input gradient, kernel gradient: \(errors)")
        #expect(errors.allSatisfy { $0 > 0.001 }, "bf16 rounding must show: \(errors)")
    }
}
