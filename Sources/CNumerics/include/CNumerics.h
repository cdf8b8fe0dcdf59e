// CNumerics: the fixed-order GEMM of portable numerics, the bfloat16 GEMM of bf16 numerics and the
// CPU's vector features. Private to MetaTensor, which wraps it (`FixedOrderGEMM`, `BFloat16GEMM`,
// `CPUFeatures`).
#ifndef CNUMERICS_H
#define CNUMERICS_H

#include <stddef.h>
#include <stdint.h>

/// The kernels of `metalearn_fixed_order_sgemm`. Every one computes the same floats.
typedef enum {
    /// Fused multiply-adds through the C library's `fmaf`: any CPU.
    metalearn_gemm_kernel_scalar = 0,
    /// 6x16 register tiles of AVX2 fused multiply-adds.
    metalearn_gemm_kernel_avx2_fma = 1,
} metalearn_gemm_kernel;

/// The fastest kernel this CPU runs.
metalearn_gemm_kernel metalearn_fixed_order_best_kernel(void);

/// Floats of working space `metalearn_fixed_order_sgemm` needs for an m x n x k product.
size_t metalearn_fixed_order_workspace_count(long m, long n, long k);

/// C = op(A)·op(B), or C += op(A)·op(B) with `accumulate`, for row-major matrices: op(A) is m x k,
/// op(B) k x n, op transposing a factor when asked. Each element of C is one chain of fused
/// multiply-adds over p = 0, 1, ..., k-1 in that order, c = fma(op(A)[i][p], op(B)[p][j], c),
/// starting from 0 (or from C's value with `accumulate`) and rounded to float at every step:
/// the result does not depend on the kernel, the blocking or the CPU.
/// `workspace` holds `metalearn_fixed_order_workspace_count(m, n, k)` floats, 64-byte aligned;
/// `c` does not overlap `a` or `b`.
void metalearn_fixed_order_sgemm(int transpose_a, int transpose_b, long m, long n, long k,
                                 const float *a, long lda, const float *b, long ldb,
                                 int accumulate, float *c, long ldc,
                                 float *workspace, metalearn_gemm_kernel kernel);

/// Whether this CPU runs `metalearn_bf16_sgemm`: AVX512-BF16 and AVX512-BW, enabled by the OS.
int metalearn_bf16_supported(void);

/// 32-bit words of working space `metalearn_bf16_sgemm` needs for an m x n x k product.
size_t metalearn_bf16_workspace_count(long m, long n, long k);

/// `x` rounded to bfloat16 (to nearest, ties to even; a subnormal to zero), as a float.
float metalearn_round_to_bf16(float x);

/// `count` floats of `x` rounded with `metalearn_round_to_bf16` into `rounded` (which may be `x`
/// itself); with `keep_sign`, a nonzero float that would round to a zero becomes the least normal
/// bfloat16 of its sign instead, so that its sign, and whether it is positive, stay as they were.
void metalearn_round_to_bf16_values(const float *x, long count, int keep_sign, float *rounded);

/// The upper halves of `count` floats that are bfloat16 values: the values, in two bytes each.
void metalearn_bf16_compact(const float *x, long count, uint16_t *halves);

/// The floats whose upper halves `metalearn_bf16_compact` kept.
void metalearn_bf16_expand(const uint16_t *halves, long count, float *x);

/// C = op(A)·op(B), or C += op(A)·op(B) with `accumulate`, row-major, op(A) m x k, op(B) k x n, with
/// the factors rounded to bfloat16 (`metalearn_round_to_bf16`) and products summed in float by
/// VDPBF16PS: each element of C takes the depths in pairs (0, 1), (2, 3), … in that order (an odd
/// last depth paired with a zero), starting from 0 (or C's value with `accumulate`), and for a pair
/// (p, p + 1) adds the product of depth p + 1, then that of depth p: each product of two bfloat16
/// values exact, each sum rounded to float (subnormal sums to zero). The result does
/// not depend on the blocking or the number of threads. Needs `metalearn_bf16_supported()`;
/// `workspace` holds `metalearn_bf16_workspace_count(m, n, k)` words; `c` does not overlap `a` or `b`.
void metalearn_bf16_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
                          const float *b, long ldb, int accumulate, float *c, long ldc, void *workspace);

/// The vector extensions of the CPU the process runs on (and that its OS enables), as bits.
#define METALEARN_CPU_SSE4_2 0x01u
#define METALEARN_CPU_AVX 0x02u
#define METALEARN_CPU_AVX2 0x04u
#define METALEARN_CPU_FMA 0x08u
#define METALEARN_CPU_AVX512F 0x10u
#define METALEARN_CPU_AVX512BW 0x20u
#define METALEARN_CPU_AVX512DQ 0x40u
#define METALEARN_CPU_AVX512VL 0x80u
#define METALEARN_CPU_AVX512_BF16 0x100u
unsigned metalearn_cpu_vector_features(void);

#endif
