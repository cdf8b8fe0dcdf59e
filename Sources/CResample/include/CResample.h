// CResample: the separable resize of 8-bit interleaved images to planar floats, for FewShotData.
//
// One output value is a fixed chain: each source row is resized horizontally (a sum over taps,
// in tap order, from zero), then each output row sums the resized rows it reads (in tap order,
// from zero), is scaled, offset and clamped to [0, 1]. The vector paths compute exactly that
// chain for many values at once (no fused multiply-add, nothing reassociated), so every path
// gives the same bits.
#ifndef CRESAMPLE_H
#define CRESAMPLE_H

#include <stddef.h>
#include <stdint.h>

/// One axis of a resize: output `o` reads the source pixels `starts[o] ..< starts[o] + taps`
/// with the weights `weights[o * taps ..< (o + 1) * taps]`, of which the first `counts[o]` can be
/// non-zero (the rest are zero padding).
typedef struct {
    const ptrdiff_t *starts;
    const ptrdiff_t *counts;
    const float *weights;
    ptrdiff_t taps;
} cresample_axis;

/// Floats of scratch that `cresample` needs for a `width` x `height` source with `channels`
/// (1 or 3) resized to `size` x `size` along `horizontal`.
size_t cresample_scratch_floats(ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels, ptrdiff_t horizontal_taps,
                                ptrdiff_t size);

/// Resizes `pixels` (`width` x `height`, `channels` interleaved 8-bit samples, row-major) to
/// `channels` planes of `size` x `size` floats in `output`: each value is
/// min(max(value * scale + offset, 0), 1). A horizontal output may read up to `taps` pixels from
/// its start even past the right edge (those weights are zero); a vertical one reads its
/// `counts[o]` rows, which must lie inside the image. With `wide` non-zero, an x86-64 CPU with
/// AVX2 takes 8-float vectors; the result is the same either way.
void cresample(const uint8_t *pixels, ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels,
               cresample_axis horizontal, cresample_axis vertical, ptrdiff_t size, float scale, float offset,
               float *output, float *scratch, int wide);

/// `cresample` with each output value v stored as the 8-bit sample (uint8_t)(v * 255 + 0.5): the
/// value rounded half up to a multiple of 1/255.
void cresample_bytes(const uint8_t *pixels, ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels,
                     cresample_axis horizontal, cresample_axis vertical, ptrdiff_t size, float scale, float offset,
                     uint8_t *output, float *scratch, int wide);

#endif
