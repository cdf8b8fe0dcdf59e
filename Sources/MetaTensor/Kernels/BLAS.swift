internal import CBLAS
import Synchronization

/// The one door to single-precision GEMM, and to OpenBLAS: in `NumericsMode.fast` OpenBLAS's
/// kernels for this CPU, in `NumericsMode.portable` the `FixedOrderGEMM`, in `NumericsMode.bf16`
/// the `BFloat16GEMM`.
public enum BLAS {
    /// `C = op(A) · op(B)`, or `C += op(A) · op(B)` when `accumulating`, for row-major matrices,
    /// op(A) M×K, op(B) K×N. `counted: false` leaves a recomputation out of `flopsExecuted`.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        accumulating: Bool = false, c: UnsafeMutablePointer<Float>, ldc: Int, counted: Bool = true
    ) {
        if counted { executedFLOPs.add(2 * m * n * k, ordering: .relaxed) }
        switch NumericsMode.current {
        case .portable:
            return FixedOrderGEMM.multiply(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                a: a, lda: lda, b: b, ldb: ldb, accumulating: accumulating, c: c, ldc: ldc)
        case .bf16:
            return BFloat16GEMM.multiply(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                a: a, lda: lda, b: b, ldb: ldb, accumulating: accumulating, c: c, ldc: ldc)
        case .fast:
            break
        }
        _ = kernelsMatched
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb), accumulating ? 1 : 0,
            c, blasint(ldc))
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

    /// OpenBLAS's build and version, as `openblas_get_config` reports them
    /// ("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64").
    public static var configuration: String {
        _ = kernelsMatched
        return String(cString: openblas_get_config())
    }

    /// The kernels the engine's matrix products run in `mode`: OpenBLAS's core ("SkylakeX") in fast
    /// numerics, the fixed-order GEMM's ("fixed-order AVX2+FMA") in portable numerics, the bfloat16
    /// GEMM's ("AVX512-BF16 (VDPBF16PS)") in bf16 numerics.
    public static func kernels(in mode: NumericsMode) -> String {
        switch mode {
        case .fast: return coreName
        case .portable: return "fixed-order \(FixedOrderGEMM.kernelName)"
        case .bf16: return BFloat16GEMM.kernelName
        }
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
