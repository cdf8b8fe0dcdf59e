import MetaLearning

/// How a run's numbers were computed, as `result.json` records it under `numerics`: the mode, the
/// BLAS library and the kernels its matrix products ran, and the processor. Two results whose
/// `signature`s match were computed the same way, so the same spec gives them the same digits.
public struct NumericsRecord: Codable, Sendable, Equatable {
    /// `fast`, `portable` or `bf16` (the spec's `numerics`).
    public var mode: NumericsMode
    /// The BLAS library, its version and build (`openblas_get_config`).
    public var blas: String
    /// The kernels of the matrix products: OpenBLAS's core ("SkylakeX") in fast numerics, the
    /// fixed-order GEMM's ("fixed-order AVX2+FMA") in portable numerics, "AVX512-BF16 (VDPBF16PS)" in
    /// bf16 numerics.
    public var kernels: String
    /// The instruction set (`x86_64`).
    public var architecture: String
    /// The processor's vector extensions (`avx2`, `fma`, `avx512f`, …).
    public var vectorExtensions: [String]

    /// The numerics of this process in `mode`.
    public init(mode: NumericsMode) {
        self.mode = mode
        blas = BLAS.configuration
        kernels = BLAS.kernels(in: mode)
        architecture = CPUFeatures.architecture
        vectorExtensions = CPUFeatures.vectorExtensions
    }

    /// What the digits depend on besides the spec and the software version. Portable numerics
    /// depend on the architecture alone (every x86-64 with AVX2 and FMA gives the same digits; the
    /// fixed-order kernels agree to the bit, so the one that ran is left out); fast numerics also
    /// on the BLAS build and the kernels it chose; bf16 numerics on the architecture and the bfloat16
    /// kernel (its sums have one order), with the C library's exp and log as in fast numerics.
    public var signature: String {
        switch mode {
        case .portable: return "portable numerics on \(architecture)"
        case .fast: return "fast numerics on \(architecture): \(kernels) kernels of \(blas)"
        case .bf16: return "bf16 numerics on \(architecture): \(kernels) products"
        }
    }
}
