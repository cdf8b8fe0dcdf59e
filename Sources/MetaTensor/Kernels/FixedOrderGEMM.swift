internal import CNumerics

/// The GEMM of portable numerics: C = op(A)·op(B) (or C += op(A)·op(B)) where each element of C is
/// one chain of fused multiply-adds over the inner index in increasing order, starting from 0 (or
/// from C), rounded to Float at every step. Blocking and vector width change which elements are
/// computed together, never the operations on one element, so every kernel gives the same floats:
/// AVX2 with FMA where the CPU has them, the C library's correctly rounded `fmaf` elsewhere.
/// Single-threaded: callers spread their products over threads.
enum FixedOrderGEMM {
    /// The kernel this CPU runs.
    static let kernel = metalearn_fixed_order_best_kernel()

    /// The kernel's name, as result files record it.
    static var kernelName: String {
        kernel == metalearn_gemm_kernel_avx2_fma ? "AVX2+FMA" : "scalar fmaf"
    }

    /// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulating`, row-major, op(A) M×K, op(B) K×N.
    /// Its working space (packed panels) is the calling thread's scratch slot 3.
    static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        accumulating: Bool, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let workspace = Scratch.current.buffer(3, count: metalearn_fixed_order_workspace_count(m, n, k))
        metalearn_fixed_order_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, lda, b, ldb,
            accumulating ? 1 : 0, c, ldc, workspace, kernel)
    }
}
