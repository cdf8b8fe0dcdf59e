// Activations as bf16 numerics stores them: rounded to bfloat16 in place, and the two-byte copies
// that derivative rules keep of them for the backward pass.
#include "CNumerics.h"
#include "bf16_rounding.h"

void metalearn_round_to_bf16_in_place(float *x, long count, int keep_sign) {
    for (long i = 0; i < count; i++) {
        uint32_t rounded = (uint32_t)to_bf16(x[i]) << 16;
        // The least normal bfloat16 of the same sign for a nonzero x that rounds to a zero.
        if (keep_sign && (rounded & 0x7fffffffu) == 0 && x[i] != 0) rounded |= 0x00800000u;
        memcpy(x + i, &rounded, sizeof rounded);
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
