#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the engine computes what its results depend on to the last bit: the order of every
/// floating-point reduction and the elementary functions it calls.
///
/// Either mode gives the same bits on every run on one machine, on any number of threads. What
/// differs is what else they hold for:
/// - `fast`: the CPU's best kernels. OpenBLAS chooses its GEMM kernels (and their blocking) by
///   CPU model, and the C library its `expf` and `logf`, so another CPU or OpenBLAS build may
///   change the last digits of a result, and from there its accuracy.
/// - `portable`: every matrix product is the fixed-order GEMM (`FixedOrderGEMM`: each element one
///   chain of fused multiply-adds in increasing order, whatever the kernel, blocking or CPU), and
///   `exp` and `log` are `PortableMath`'s, computed from additions, multiplications and divisions
///   alone. The engine's other kernels are Swift compiled for baseline x86-64, without contraction
///   into fused multiply-adds or CPU dispatch. So the numbers do not depend on the CPU model or
///   the BLAS build.
/// - `bf16`: every matrix product (and so every convolution) takes its factors rounded to bfloat16
///   and sums the products in Float (`BFloat16GEMM`, AVX512-BF16's VDPBF16PS, twice the Float rate
///   of the same cores). A convolution's input and output and leaky ReLU's output are bfloat16
///   values (`BFloat16Values`), which derivative rules keep in two bytes each (`KeptTensor`), as
///   bf16 autocast stores activations. Weights, gradients, the optimizer, batch-norm statistics,
///   softmax, losses and the inner loop's updates stay Float, and derivatives are recorded through
///   the same products as in the other modes, a rounding passing gradients through unchanged.
///   Needs a CPU with AVX512-BF16 (`missingFeature`).
///
/// The mode belongs to a thread and is inherited by the workers the engine and `TaskParallel`
/// spread work over; the runner sets it from the spec for a whole run (`with(_:_:)`). It is `fast`
/// unless set.
public enum NumericsMode: String, Sendable, CaseIterable, Codable {
    case fast
    case portable
    case bf16

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "cannot create the numerics-mode thread key")
        return key
    }()

    /// The mode of operations on this thread (stored in the thread key as its index + 1, `fast` as nil).
    public static var current: NumericsMode {
        guard let stored = pthread_getspecific(key) else { return .fast }
        return allCases[Int(bitPattern: stored) - 1]
    }

    /// Runs `body` with operations on this thread, and on the workers they spread over, in `mode`.
    public static func with<Result>(_ mode: NumericsMode, _ body: () throws -> Result) rethrows -> Result {
        let previous = pthread_getspecific(key)
        let index = allCases.firstIndex(of: mode)!
        pthread_setspecific(key, mode == .fast ? nil : UnsafeRawPointer(bitPattern: index + 1))
        defer { pthread_setspecific(key, previous) }
        return try body()
    }

    /// The processor feature this mode needs and this CPU lacks, as /proc/cpuinfo names it
    /// (`avx512_bf16`), or nil when the mode runs here.
    public var missingFeature: String? {
        missingFeature(bf16Supported: BFloat16GEMM.isSupported)
    }

    /// The feature this mode needs and a CPU lacks, given whether that CPU runs the bfloat16 GEMM.
    public func missingFeature(bf16Supported: Bool) -> String? {
        self == .bf16 && !bf16Supported ? "avx512_bf16" : nil
    }
}
