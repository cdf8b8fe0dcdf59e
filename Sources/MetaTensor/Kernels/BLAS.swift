import CBLAS
import Synchronization

/// The one door to OpenBLAS: single-precision GEMM and the library's thread count.
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices, op(A) M×K, op(B) K×N.
    /// `counted: false` leaves a recomputation out of `flopsExecuted`.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                     alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int,
                     beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, counted: Bool = true) {
        if counted { executedFLOPs.add(2 * m * n * k, ordering: .relaxed) }
        _ = kernelsMatched
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// Sets how many threads OpenBLAS may use inside one call. Training runs the tasks of a
    /// meta-batch in parallel with BLAS single-threaded inside each, so results never depend
    /// on how BLAS splits its work.
    public static func setThreadCount(_ count: Int) {
        _ = kernelsMatched
        openblas_set_num_threads(Int32(count))
    }

    /// Adds `flops` to `flopsExecuted`: the nominal work of a product computed by a faster
    /// algorithm whose own GEMMs are left uncounted.
    static func count(flops: Int) {
        executedFLOPs.add(flops, ordering: .relaxed)
    }

    /// OpenBLAS's kernels matched to the CPU once, before the first call that uses them.
    private static let kernelsMatched: Void = metalearn_openblas_match_cpu()

    /// The name of the CPU core whose kernels OpenBLAS runs ("SkylakeX", "Haswell", …).
    public static var coreName: String {
        _ = kernelsMatched
        return String(cString: openblas_get_corename())
    }

    private static let executedFLOPs = Atomic<Int>(0)

    /// Floating-point operations (2·m·n·k per product) of every GEMM run so far, on all threads,
    /// recomputations left out: the "counted FLOPs" that benchmarks divide by time.
    public static var flopsExecuted: Int {
        executedFLOPs.load(ordering: .relaxed)
    }

    /// The number of threads OpenBLAS currently uses.
    public static var threadCount: Int {
        Int(openblas_get_num_threads())
    }
}
