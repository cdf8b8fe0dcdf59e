internal import CNumerics

/// What a result's numbers may depend on besides the code: the processor's architecture and the
/// vector extensions it (and its operating system) enables.
public enum CPUFeatures {
    /// The instruction set the program runs as (`x86_64`, `arm64`).
    public static var architecture: String {
        #if arch(x86_64)
            return "x86_64"
        #elseif arch(arm64)
            return "arm64"
        #else
            return "other"
        #endif
    }

    /// The vector extensions present, of SSE4.2, AVX, AVX2, FMA, AVX-512 (F, BW, DQ, VL) and AVX512-BF16, in that
    /// order, named as in /proc/cpuinfo (`avx2`, `fma`, `avx512f`); empty off x86-64.
    public static let vectorExtensions: [String] = {
        let features = metalearn_cpu_vector_features()
        let names: [(UInt32, String)] = [
            (METALEARN_CPU_SSE4_2, "sse4_2"), (METALEARN_CPU_AVX, "avx"),
            (METALEARN_CPU_AVX2, "avx2"), (METALEARN_CPU_FMA, "fma"),
            (METALEARN_CPU_AVX512F, "avx512f"), (METALEARN_CPU_AVX512BW, "avx512bw"),
            (METALEARN_CPU_AVX512DQ, "avx512dq"), (METALEARN_CPU_AVX512VL, "avx512vl"),
            (METALEARN_CPU_AVX512_BF16, "avx512_bf16"),
        ]
        return names.filter { features & $0.0 != 0 }.map(\.1)
    }()
}
