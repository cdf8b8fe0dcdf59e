// The one rounding to bfloat16 of bf16 numerics, shared by the GEMM's packing and by the
// activations bf16 numerics stores in two bytes. Private to CNumerics.
#ifndef CNUMERICS_BF16_ROUNDING_H
#define CNUMERICS_BF16_ROUNDING_H

#include <stdint.h>
#include <string.h>

/// `x` rounded to bfloat16 as VCVTNE2PS2BF16 rounds it: to nearest, ties to even, a subnormal to
/// a zero of its sign, a NaN kept a NaN.
static inline uint16_t to_bf16(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    if ((u & 0x7f800000u) == 0) return (uint16_t)((u & 0x80000000u) >> 16);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40u);
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

#endif
