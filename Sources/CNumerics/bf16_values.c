// Activations as bf16 numerics stores them: rounded to bfloat16 in place, and the two-byte copies
// that derivative rules keep of them for the backward pass.
#include "CNumerics.h"
#include "bf16_rounding.h"

#if defined(__x86_64__)
#include <immintrin.h>

/// `metalearn_round_to_bf16_values` on the whole runs of 32 floats at the start of `x`, by
/// VCVTNE2PS2BF16 (which rounds as `to_bf16` does); returns how many floats it rounded.
__attribute__((target("avx512f,avx512bw,avx512bf16")))
static long round_runs_of_32(const float *x, long count, int keep_sign, float *rounded_values) {
    const __m512i magnitude = _mm512_set1_epi32(0x7fffffff), sign = _mm512_set1_epi32((int)0x80000000u);
    const __m512i least_normal = _mm512_set1_epi32(0x00800000);
    long i = 0;
    for (; i + 32 <= count; i += 32) {
        __m512i low = _mm512_loadu_si512(x + i), high = _mm512_loadu_si512(x + i + 16);
        __m512i halves = (__m512i)_mm512_cvtne2ps_pbh(_mm512_castsi512_ps(high), _mm512_castsi512_ps(low));
        __m512i rounded[2] = {
            _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(halves)), 16),
            _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(halves, 1)), 16),
        };
        __m512i original[2] = {low, high};
        for (int h = 0; h < 2; h++) {
            if (keep_sign) {
                __mmask16 lost = _mm512_testn_epi32_mask(rounded[h], magnitude)
                                 & _mm512_test_epi32_mask(original[h], magnitude);
                rounded[h] = _mm512_mask_or_epi32(rounded[h], lost, _mm512_and_si512(original[h], sign), least_normal);
            }
            _mm512_storeu_si512(rounded_values + i + 16 * h, rounded[h]);
        }
    }
    return i;
}
#endif

void metalearn_round_to_bf16_values(const float *x, long count, int keep_sign, float *rounded_values) {
    long i = 0;
#if defined(__x86_64__)
    if (metalearn_bf16_supported()) i = round_runs_of_32(x, count, keep_sign, rounded_values);
#endif
    for (; i < count; i++) {
        float value = x[i];
        uint32_t rounded = (uint32_t)to_bf16(value) << 16;
        // The least normal bfloat16 of the same sign for a nonzero value that rounds to a zero.
        if (keep_sign && (rounded & 0x7fffffffu) == 0 && value != 0) rounded |= 0x00800000u;
        memcpy(rounded_values + i, &rounded, sizeof rounded);
    }
}

void metalearn_bf16_compact(const float *x, long count, uint16_t *halves) {
    for (long i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, x + i, sizeof bits);
        halves[i] = (uint16_t)(bits >> 16);
    }
}

void metalearn_bf16_expand(const uint16_t *halves, long count, float *x) {
    for (long i = 0; i < count; i++) {
        uint32_t bits = (uint32_t)halves[i] << 16;
        memcpy(x + i, &bits, sizeof bits);
    }
}
