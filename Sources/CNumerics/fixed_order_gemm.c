// The fixed-order GEMM: every element of C is one chain of fused multiply-adds in increasing p,
// whichever kernel runs it. Blocking (BLIS-style panels) only changes which elements are computed
// when; a block of p continues each element's chain from the value stored in C, so the chain is
// never split into partial sums. Nothing here may contract or reassociate floating point.
#pragma STDC FP_CONTRACT OFF
#include "CNumerics.h"
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum {
    MR = 6,     // rows of a register tile
    NR = 16,    // columns of a register tile
    KC = 256,   // depth of a packed block (a 6 x 256 panel of A stays in L1)
    MC = 72,    // rows of a packed block of A
    NC = 512,   // columns of a packed block of B (256 x 512 floats: 512 KB, in L2)
};

static long min_long(long x, long y) { return x < y ? x : y; }
static long round_up(long x, long multiple) { return (x + multiple - 1) / multiple * multiple; }

static size_t packed_a_count(long m, long k) { return (size_t)round_up(round_up(min_long(m, MC), MR) * min_long(k, KC), 16); }
static size_t packed_b_count(long n, long k) { return (size_t)(round_up(min_long(n, NC), NR) * min_long(k, KC)); }

/// Whether a product runs transposed, as Cᵀ = op(B)ᵀ·op(A)ᵀ: when C is narrower than a tile and
/// its transpose fills the tiles better (a 75 x 5 product fills 31% of its 6 x 16 tiles, its
/// transpose 78%). Each element's chain stays the same, so the floats do too.
static int runs_transposed(long m, long n) {
    return n < NR && (double)(m * n) / (double)(round_up(n, MR) * round_up(m, NR))
                         > (double)(m * n) / (double)(round_up(m, MR) * round_up(n, NR));
}

size_t metalearn_fixed_order_workspace_count(long m, long n, long k) {
    if (runs_transposed(m, n)) return packed_b_count(m, k) + packed_a_count(n, k) + (size_t)(m * n);
    return packed_b_count(n, k) + packed_a_count(m, k);
}

/// Rows [row, row + rows) and depths [depth, depth + depths) of op(A) as panels of MR rows,
/// depth-major inside a panel, rows past the end zero.
static void pack_a(int transpose, const float *a, long lda, long row, long rows, long depth, long depths, float *packed) {
    for (long panel = 0; panel < rows; panel += MR, packed += MR * depths) {
        long height = min_long(MR, rows - panel), first = row + panel;
        if (transpose) {
            // op(A)'s column q is A's row q: the panel's rows are contiguous in it.
            for (long p = 0; p < depths; p++) {
                const float *source = a + (depth + p) * lda + first;
                for (long r = 0; r < MR; r++) packed[p * MR + r] = r < height ? source[r] : 0.0f;
            }
        } else if (height == MR) {
            const float *source = a + first * lda + depth;
            for (long p = 0; p < depths; p++)
                for (long r = 0; r < MR; r++) packed[p * MR + r] = source[r * lda + p];
        } else {
            const float *source = a + first * lda + depth;
            for (long p = 0; p < depths; p++)
                for (long r = 0; r < MR; r++) packed[p * MR + r] = r < height ? source[r * lda + p] : 0.0f;
        }
    }
}

/// Depths [depth, depth + depths) and columns [column, column + columns) of op(B) as panels of NR
/// columns, depth-major inside a panel, columns past the end zero.
static void pack_b(int transpose, const float *b, long ldb, long depth, long depths, long column, long columns, float *packed) {
    for (long panel = 0; panel < columns; panel += NR, packed += NR * depths) {
        long width = min_long(NR, columns - panel), first = column + panel;
        if (transpose && width == NR) {
            // op(B)'s row q is B's column q: each of the panel's columns is contiguous in B.
            const float *source = b + first * ldb + depth;
            for (long p = 0; p < depths; p++)
                for (long j = 0; j < NR; j++) packed[p * NR + j] = source[j * ldb + p];
        } else if (transpose) {
            const float *source = b + first * ldb + depth;
            for (long p = 0; p < depths; p++)
                for (long j = 0; j < NR; j++) packed[p * NR + j] = j < width ? source[j * ldb + p] : 0.0f;
        } else if (width == NR) {
            for (long p = 0; p < depths; p++) memcpy(packed + p * NR, b + (depth + p) * ldb + first, NR * sizeof(float));
        } else {
            for (long p = 0; p < depths; p++) {
                const float *source = b + (depth + p) * ldb + first;
                for (long j = 0; j < NR; j++) packed[p * NR + j] = j < width ? source[j] : 0.0f;
            }
        }
    }
}

/// One MR x NR tile of C (row stride ldc) continued over `depths` packed depths, from C's values when
/// `load`, from zero otherwise; only its first `height` rows and `width` columns are read and written
/// (the packed panels hold zeros beyond them).
typedef void (*tile_kernel)(long depths, const float *pa, const float *pb, float *c, long ldc, int load,
                            long height, long width);

static void tile_scalar(long depths, const float *pa, const float *pb, float *c, long ldc, int load,
                        long height, long width) {
    float tile[MR][NR];
    for (long r = 0; r < MR; r++)
        for (long j = 0; j < NR; j++) tile[r][j] = load && r < height && j < width ? c[r * ldc + j] : 0.0f;
    for (long p = 0; p < depths; p++, pa += MR, pb += NR)
        for (long r = 0; r < MR; r++)
            for (long j = 0; j < NR; j++) tile[r][j] = fmaf(pa[r], pb[j], tile[r][j]);
    for (long r = 0; r < height; r++)
        for (long j = 0; j < width; j++) c[r * ldc + j] = tile[r][j];
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void tile_avx2_fma(long depths, const float *pa, const float *pb, float *c, long ldc, int load,
                          long height, long width) {
    __m256 acc[MR][2];
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i mask0 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)width), lanes);
    const __m256i mask1 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)width - 8), lanes);
    const int full = width == NR;
    for (int r = 0; r < MR; r++) {
        if (load && r < height) {
            acc[r][0] = full ? _mm256_loadu_ps(c + r * ldc) : _mm256_maskload_ps(c + r * ldc, mask0);
            acc[r][1] = full ? _mm256_loadu_ps(c + r * ldc + 8) : _mm256_maskload_ps(c + r * ldc + 8, mask1);
        } else {
            acc[r][0] = acc[r][1] = _mm256_setzero_ps();
        }
    }
    for (long p = 0; p < depths; p++, pa += MR, pb += NR) {
        __m256 b0 = _mm256_load_ps(pb), b1 = _mm256_load_ps(pb + 8);
        for (int r = 0; r < MR; r++) {
            __m256 a = _mm256_broadcast_ss(pa + r);
            acc[r][0] = _mm256_fmadd_ps(a, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(a, b1, acc[r][1]);
        }
    }
    for (int r = 0; r < MR; r++) {
        if (r >= height) break;
        if (full) {
            _mm256_storeu_ps(c + r * ldc, acc[r][0]);
            _mm256_storeu_ps(c + r * ldc + 8, acc[r][1]);
        } else {
            _mm256_maskstore_ps(c + r * ldc, mask0, acc[r][0]);
            _mm256_maskstore_ps(c + r * ldc + 8, mask1, acc[r][1]);
        }
    }
}
#endif

metalearn_gemm_kernel metalearn_fixed_order_best_kernel(void) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return metalearn_gemm_kernel_avx2_fma;
#endif
    return metalearn_gemm_kernel_scalar;
}

static tile_kernel kernel_function(metalearn_gemm_kernel kernel) {
#if defined(__x86_64__)
    if (kernel == metalearn_gemm_kernel_avx2_fma) return tile_avx2_fma;
#endif
    return tile_scalar;
}

/// The product in C's own orientation; `workspace` holds the packed panels of B, then of A.
static void multiply(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
                     const float *b, long ldb, int accumulate, float *c, long ldc, float *workspace, tile_kernel tile) {
    float *packed_b = workspace, *packed_a = workspace + packed_b_count(n, k);
    for (long column = 0; column < n; column += NC) {
        long columns = min_long(NC, n - column);
        for (long depth = 0; depth < k; depth += KC) {
            long depths = min_long(KC, k - depth);
            int load = accumulate || depth > 0;
            pack_b(transpose_b, b, ldb, depth, depths, column, columns, packed_b);
            for (long row = 0; row < m; row += MC) {
                long rows = min_long(MC, m - row);
                pack_a(transpose_a, a, lda, row, rows, depth, depths, packed_a);
                for (long jr = 0; jr < columns; jr += NR) {
                    for (long ir = 0; ir < rows; ir += MR) {
                        tile(depths, packed_a + ir * depths, packed_b + jr * depths, c + (row + ir) * ldc + column + jr,
                             ldc, load, min_long(MR, rows - ir), min_long(NR, columns - jr));
                    }
                }
            }
        }
    }
}

void metalearn_fixed_order_sgemm(int transpose_a, int transpose_b, long m, long n, long k,
                                 const float *a, long lda, const float *b, long ldb,
                                 int accumulate, float *c, long ldc, float *workspace, metalearn_gemm_kernel kernel) {
    if (k == 0) {
        if (!accumulate)
            for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        return;
    }
    tile_kernel tile = kernel_function(kernel);
    if (!runs_transposed(m, n)) {
        multiply(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc, workspace, tile);
        return;
    }
    float *transposed = workspace + packed_b_count(m, k) + packed_a_count(n, k);
    if (accumulate)
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) transposed[j * m + i] = c[i * ldc + j];
    multiply(!transpose_b, !transpose_a, n, m, k, b, ldb, a, lda, accumulate, transposed, m, workspace, tile);
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) c[i * ldc + j] = transposed[j * m + i];
}
