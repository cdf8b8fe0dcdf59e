internal import CNumerics

/// The GEMM of bf16 numerics: C = op(A)·op(B) (or C += op(A)·op(B)) with both factors rounded to
/// bfloat16 (to nearest, ties to even) and the products summed in Float by AVX512-BF16's VDPBF16PS,
/// two depths at a time in increasing order. Blocking changes which elements are computed together,
/// never the operations on one element, so the result does not depend on threads.
/// Single-threaded: callers spread their products over threads.
enum BFloat16GEMM {
    /// Whether this CPU (and its operating system) runs the kernel.
    static let isSupported = metalearn_bf16_supported() != 0

    /// The kernel's name, as result files record it.
    static let kernelName = "AVX512-BF16 (VDPBF16PS)"

    /// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulating`, row-major, op(A) M×K, op(B) K×N.
    /// Its working space (packed panels) is the calling thread's scratch slot 3.
    static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        accumulating: Bool, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(isSupported, "bf16 numerics on a CPU without AVX512-BF16")
        let workspace = Scratch.current.buffer(3, count: metalearn_bf16_workspace_count(m, n, k))
        metalearn_bf16_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, lda, b, ldb,
            accumulating ? 1 : 0, c, ldc, workspace)
    }
}
