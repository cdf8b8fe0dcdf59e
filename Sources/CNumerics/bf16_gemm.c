// The bfloat16 GEMM of bf16 numerics: op(A) and op(B) rounded to bfloat16 (to nearest, ties to
// even, subnormals to zero), products accumulated in float by AVX512-BF16's VDPBF16PS, two depths
// at a time, in increasing depth order (within a pair the odd depth's product first, as the
// instruction adds them). Blocking changes which elements are computed together,
// never the operations on one element, so the result does not depend on threads or blocking.
#include "CNumerics.h"
#include "bf16_rounding.h"
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum {
    MR = 8,     // rows of a register tile
    NR = 32,    // columns of a register tile (two vectors of 16 floats)
    KC = 512,   // depths of a packed block (256 pairs; an 8 x 512 panel of A is 8 KB)
    MC = 96,    // rows of a packed block of A
    NC = 256,   // columns of a packed block of B (512 x 256 bfloat16: 256 KB, in L2)
};

static long min_long(long x, long y) { return x < y ? x : y; }
static long round_up(long x, long multiple) { return (x + multiple - 1) / multiple * multiple; }

/// Pairs of depths in a block of `depths` (an odd last depth is paired with a zero).
static long pairs(long depths) { return (depths + 1) / 2; }

static size_t packed_a_words(long m, long k) { return (size_t)(round_up(min_long(m, MC), MR) * pairs(min_long(k, KC))); }
static size_t packed_b_words(long n, long k) { return (size_t)(round_up(min_long(n, NC), NR) * pairs(min_long(k, KC))); }

/// Whether a product runs transposed, as Cᵀ = op(B)ᵀ·op(A)ᵀ: when C is narrower than a tile and its
/// transpose fills the tiles better (a 75 x 5 product fills 16% of its 8 x 32 tiles, its transpose
/// 49%). Each element's sums stay the same, so the floats do too.
static int runs_transposed(long m, long n) {
    return n < NR && (double)(m * n) / (double)(round_up(n, MR) * round_up(m, NR))
                         > (double)(m * n) / (double)(round_up(m, MR) * round_up(n, NR));
}

size_t metalearn_bf16_workspace_count(long m, long n, long k) {
    // 16 words of slack to align the panels to 64 bytes.
    if (runs_transposed(m, n)) return packed_a_words(n, k) + packed_b_words(m, k) + (size_t)(m * n) + 16;
    return packed_a_words(m, k) + packed_b_words(n, k) + 16;
}

float metalearn_round_to_bf16(float x) {
    uint32_t u = (uint32_t)to_bf16(x) << 16;
    float y;
    memcpy(&y, &u, sizeof y);
    return y;
}

/// A pair of depths of one row or column as one 32-bit word: the first depth in the low half.
static uint32_t pair_word(float first, float second) {
    return (uint32_t)to_bf16(first) | ((uint32_t)to_bf16(second) << 16);
}

#if defined(__x86_64__)
/// op(A)[i][p], zero past the depth `k_end`.
static float element_a(int transpose, const float *a, long lda, long i, long p, long k_end) {
    if (p >= k_end) return 0.0f;
    return transpose ? a[p * lda + i] : a[i * lda + p];
}

/// Two rows of 16 floats as 16 pair words: row `first`'s bfloat16 in each word's low half.
__attribute__((target("avx512f,avx512bw,avx512bf16")))
static inline __m512i pair_words16(__m512 first, __m512 second) {
    const __m512i interleave = _mm512_set_epi16(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8,
                                                23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
    __m512i halves = (__m512i)_mm512_cvtne2ps_pbh(second, first);
    return _mm512_permutexvar_epi16(interleave, halves);
}

/// One line of a panel (a row of op(A) or a column of op(B)) over 32 consecutive depths, contiguous
/// at `source`, as the pair words of 16 consecutive pairs: word j at `words + j * stride`. Zeros
/// where the line lies past the matrix's end (`present` false).
__attribute__((target("avx512f,avx512bw,avx512bf16")))
static inline void scatter_pair_words32(const float *source, int present, long stride, uint32_t *words) {
    const __m512i offsets = _mm512_mullo_epi32(
        _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi32((int)stride));
    __m512i pair_words = present ? (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(source + 16), _mm512_loadu_ps(source))
                                 : _mm512_setzero_si512();
    _mm512_i32scatter_epi32(words, offsets, pair_words, 4);
}

/// Rows [row, row + rows) and depths [depth, depth + depths) of op(A) as panels of MR rows: for
/// each pair of depths, MR words. Rows past the end are zero. Whole runs of depths are converted
/// 32 at a time by VCVTNE2PS2BF16, which rounds as `to_bf16` does; the rest one pair at a time.
__attribute__((target("avx512f,avx512bw,avx512bf16")))
static void pack_a(int transpose, const float *a, long lda, long row, long rows, long depth, long depths,
                   uint32_t *packed) {
    long end = depth + depths;
    for (long panel = 0; panel < rows; panel += MR, packed += MR * pairs(depths)) {
        long height = min_long(MR, rows - panel), first = row + panel;
        long q = 0;  // pairs converted by vectors so far
        if (!transpose) {
            // Row r's depths p … p + 31 are 16 consecutive pair words, word j going to pair q + j.
            for (; depth + 2 * q + 32 <= end; q += 16)
                for (long r = 0; r < MR; r++)
                    scatter_pair_words32(a + (first + r) * lda + depth + 2 * q, r < height, MR, packed + q * MR + r);
        } else if (height == MR) {
            // Depths p … p + 3 of the panel's 8 rows are the 16 words of pairs q and q + 1.
            for (; depth + 2 * q + 4 <= end; q += 2) {
                const float *source = a + (depth + 2 * q) * lda + first;
                __m512 even = _mm512_castpd_ps(_mm512_insertf64x4(
                    _mm512_castps_pd(_mm512_castps256_ps512(_mm256_loadu_ps(source))),
                    _mm256_castps_pd(_mm256_loadu_ps(source + 2 * lda)), 1));
                __m512 odd = _mm512_castpd_ps(_mm512_insertf64x4(
                    _mm512_castps_pd(_mm512_castps256_ps512(_mm256_loadu_ps(source + lda))),
                    _mm256_castps_pd(_mm256_loadu_ps(source + 3 * lda)), 1));
                _mm512_storeu_si512(packed + q * MR, pair_words16(even, odd));
            }
        }
        for (; q < pairs(depths); q++) {
            long p = depth + 2 * q;
            for (long r = 0; r < MR; r++)
                packed[q * MR + r] = r < height ? pair_word(element_a(transpose, a, lda, first + r, p, end),
                                                            element_a(transpose, a, lda, first + r, p + 1, end))
                                                : 0u;
        }
    }
}

/// Depths [depth, depth + depths) and columns [column, column + columns) of op(B) as panels of NR
/// columns: for each pair of depths, NR words. Columns past the end are zero.
__attribute__((target("avx512f,avx512bw,avx512bf16")))
static void pack_b(int transpose, const float *b, long ldb, long depth, long depths, long column, long columns,
                   uint32_t *packed) {
    long end = depth + depths;
    for (long panel = 0; panel < columns; panel += NR, packed += NR * pairs(depths)) {
        long width = min_long(NR, columns - panel), first = column + panel;
        long q = 0;  // pairs converted 16 at a time so far
        if (transpose) {
            // Column j's depths p … p + 31 are 16 consecutive pair words, word i going to pair q + i.
            for (; depth + 2 * q + 32 <= end; q += 16)
                for (long j = 0; j < NR; j++)
                    scatter_pair_words32(b + (first + j) * ldb + depth + 2 * q, j < width, NR, packed + q * NR + j);
        }
        for (; q < pairs(depths); q++) {
            long p = depth + 2 * q;
            uint32_t *words = packed + q * NR;
            if (!transpose && width == NR && p + 1 < end) {
                const float *row0 = b + p * ldb + first, *row1 = row0 + ldb;
                _mm512_storeu_si512(words, pair_words16(_mm512_loadu_ps(row0), _mm512_loadu_ps(row1)));
                _mm512_storeu_si512(words + 16, pair_words16(_mm512_loadu_ps(row0 + 16), _mm512_loadu_ps(row1 + 16)));
                continue;
            }
            for (long j = 0; j < NR; j++) {
                if (j >= width) {
                    words[j] = 0u;
                } else if (transpose) {
                    const float *source = b + (first + j) * ldb;
                    words[j] = pair_word(source[p], p + 1 < end ? source[p + 1] : 0.0f);
                } else {
                    words[j] = pair_word(b[p * ldb + first + j], p + 1 < end ? b[(p + 1) * ldb + first + j] : 0.0f);
                }
            }
        }
    }
}

/// One MR x NR tile of C continued over `depth_pairs` packed pairs, from C's values when `load`,
/// from zero otherwise; only its first `height` rows and `width` columns are read and written.
__attribute__((target("avx512f,avx512bw,avx512bf16")))
static void tile_avx512_bf16(long depth_pairs, const uint32_t *pa, const uint32_t *pb, float *c, long ldc, int load,
                             long height, long width) {
    __m512 acc[MR][2];
    __mmask16 mask0 = (__mmask16)(width >= 16 ? 0xffff : (1u << width) - 1);
    __mmask16 mask1 = (__mmask16)(width >= NR ? 0xffff : width <= 16 ? 0 : (1u << (width - 16)) - 1);
    for (int r = 0; r < MR; r++) {
        if (load && r < height) {
            acc[r][0] = _mm512_maskz_loadu_ps(mask0, c + r * ldc);
            acc[r][1] = _mm512_maskz_loadu_ps(mask1, c + r * ldc + 16);
        } else {
            acc[r][0] = acc[r][1] = _mm512_setzero_ps();
        }
    }
    for (long q = 0; q < depth_pairs; q++, pa += MR, pb += NR) {
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(pb), b1 = (__m512bh)_mm512_loadu_si512(pb + 16);
        for (int r = 0; r < MR; r++) {
            __m512bh a = (__m512bh)_mm512_set1_epi32((int)pa[r]);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], a, b0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], a, b1);
        }
    }
    for (int r = 0; r < MR && r < height; r++) {
        _mm512_mask_storeu_ps(c + r * ldc, mask0, acc[r][0]);
        _mm512_mask_storeu_ps(c + r * ldc + 16, mask1, acc[r][1]);
    }
}

/// The product in C's own orientation, its packed panels in `workspace` (64-byte aligned).
static void multiply(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
                     const float *b, long ldb, int accumulate, float *c, long ldc, uint32_t *workspace) {
    uint32_t *packed_b = workspace, *packed_a = workspace + packed_b_words(n, k);
    for (long column = 0; column < n; column += NC) {
        long columns = min_long(NC, n - column);
        for (long depth = 0; depth < k; depth += KC) {
            long depths = min_long(KC, k - depth), depth_pairs = pairs(depths);
            int load = accumulate || depth > 0;
            pack_b(transpose_b, b, ldb, depth, depths, column, columns, packed_b);
            for (long row = 0; row < m; row += MC) {
                long rows = min_long(MC, m - row);
                pack_a(transpose_a, a, lda, row, rows, depth, depths, packed_a);
                for (long jr = 0; jr < columns; jr += NR)
                    for (long ir = 0; ir < rows; ir += MR)
                        tile_avx512_bf16(depth_pairs, packed_a + ir * depth_pairs, packed_b + jr * depth_pairs,
                                         c + (row + ir) * ldc + column + jr, ldc, load, min_long(MR, rows - ir),
                                         min_long(NR, columns - jr));
            }
        }
    }
}
#endif

int metalearn_bf16_supported(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw");
#else
    return 0;
#endif
}

void metalearn_bf16_sgemm(int transpose_a, int transpose_b, long m, long n, long k, const float *a, long lda,
                          const float *b, long ldb, int accumulate, float *c, long ldc, void *workspace) {
    if (k == 0) {
        if (!accumulate)
            for (long i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        return;
    }
#if defined(__x86_64__)
    uint32_t *aligned = (uint32_t *)(((uintptr_t)workspace + 63) & ~(uintptr_t)63);
    if (!runs_transposed(m, n)) {
        multiply(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc, aligned);
        return;
    }
    float *transposed = (float *)(aligned + packed_b_words(m, k) + packed_a_words(n, k));
    if (accumulate)
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) transposed[j * m + i] = c[i * ldc + j];
    multiply(!transpose_b, !transpose_a, n, m, k, b, ldb, a, lda, accumulate, transposed, m, aligned);
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) c[i * ldc + j] = transposed[j * m + i];
#else
    (void)transpose_a; (void)transpose_b; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc;
    (void)workspace;
#endif
}
