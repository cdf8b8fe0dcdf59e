import Testing
import CNumerics
import MetaTensor
import SeededRandom

/// The fixed-order GEMM of portable numerics: every kernel, blocking and orientation must give,
/// to the bit, the plain loop that sums each element as one chain of fused multiply-adds in
/// increasing order of the inner index.
@Suite struct FixedOrderGEMMTests {
    /// op(A)·op(B) (+ C) by the definition of the fixed order: c = fma(op(A)[i][p], op(B)[p][j], c)
    /// for p = 0, 1, …, starting from 0 or from C. Swift's `addingProduct` is IEEE's fused multiply-add.
    static func chain(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: [Float], b: [Float],
                      c: [Float]?) -> [Float] {
        var result = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n {
            var sum = c?[i * n + j] ?? 0
            for p in 0..<k {
                let left = transposeA ? a[p * m + i] : a[i * k + p], right = transposeB ? b[j * k + p] : b[p * n + j]
                sum = sum.addingProduct(left, right)
            }
            result[i * n + j] = sum
        }}
        return result
    }

    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.nextNormal()) }
    }

    /// Shapes across the blocking (6×16 tiles, 72 rows, 512 columns and 256 depths per block), edge
    /// tiles, narrow products that run transposed (n < 16), and k = 0.
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (6, 16, 256), (7, 17, 3), (75, 5, 40), (32, 9, 300), (5, 3, 7), (80, 530, 300), (33, 147, 32), (13, 17, 0),
    ]

    @Test(arguments: shapes)
    func everyKernelComputesTheChainInOrder(shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        let kernels = [metalearn_gemm_kernel_scalar, metalearn_fixed_order_best_kernel()]
        for transposeA in [false, true] { for transposeB in [false, true] { for accumulating in [false, true] {
            let a = Self.random(m * k, seed: 1), b = Self.random(k * n, seed: 2), initial = Self.random(m * n, seed: 3)
            let expected = Self.chain(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b,
                                      c: accumulating ? initial : nil)
            for kernel in kernels {
                var c = initial
                let workspace = UnsafeMutableRawPointer.allocate(
                    byteCount: max(1, metalearn_fixed_order_workspace_count(m, n, k)) * MemoryLayout<Float>.stride, alignment: 64)
                defer { workspace.deallocate() }
                metalearn_fixed_order_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, transposeA ? m : k,
                                            b, transposeB ? k : n, accumulating ? 1 : 0, &c, n,
                                            workspace.assumingMemoryBound(to: Float.self), kernel)
                #expect(c.map(\.bitPattern) == expected.map(\.bitPattern),
                        "kernel \(kernel.rawValue), transposeA \(transposeA), transposeB \(transposeB), accumulating \(accumulating)")
            }
        }}}
    }

    /// The engine's matrix product runs the fixed order in portable numerics, in every transposition.
    @Test func matmulInPortableNumericsIsTheChain() {
        let (m, n, k) = (37, 21, 70)
        for transposeA in [false, true] { for transposeB in [false, true] {
            let a = Self.random(m * k, seed: 4), b = Self.random(k * n, seed: 5)
            let product = NumericsMode.with(.portable) {
                Tensor.matmul(Tensor(shape: transposeA ? [k, m] : [m, k], scalars: a),
                              Tensor(shape: transposeB ? [n, k] : [k, n], scalars: b),
                              transposingA: transposeA, transposingB: transposeB)
            }
            let expected = Self.chain(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: nil)
            #expect(product.scalars.map(\.bitPattern) == expected.map(\.bitPattern))
        }}
    }
}
