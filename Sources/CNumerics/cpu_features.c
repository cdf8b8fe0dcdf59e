#include "CNumerics.h"

unsigned metalearn_cpu_vector_features(void) {
    unsigned features = 0;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2")) features |= METALEARN_CPU_SSE4_2;
    if (__builtin_cpu_supports("avx")) features |= METALEARN_CPU_AVX;
    if (__builtin_cpu_supports("avx2")) features |= METALEARN_CPU_AVX2;
    if (__builtin_cpu_supports("fma")) features |= METALEARN_CPU_FMA;
    if (__builtin_cpu_supports("avx512f")) features |= METALEARN_CPU_AVX512F;
    if (__builtin_cpu_supports("avx512bw")) features |= METALEARN_CPU_AVX512BW;
    if (__builtin_cpu_supports("avx512dq")) features |= METALEARN_CPU_AVX512DQ;
    if (__builtin_cpu_supports("avx512vl")) features |= METALEARN_CPU_AVX512VL;
    if (__builtin_cpu_supports("avx512bf16")) features |= METALEARN_CPU_AVX512_BF16;
#endif
    return features;
}
