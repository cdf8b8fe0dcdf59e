// The resize kernel, written once over clang's vector types and compiled twice: for baseline
// x86-64 (and any other CPU) and, behind a CPU check, for AVX2. Nothing here may contract or
// reassociate floating point: the paths must agree bit for bit.
#pragma STDC FP_CONTRACT OFF
#include "CResample.h"
#include <string.h>

// fN: N floats, uN: N bytes, i8: 8 32-bit integers.
typedef float f4 __attribute__((ext_vector_type(4)));
typedef float f8 __attribute__((ext_vector_type(8)));
typedef float f16 __attribute__((ext_vector_type(16)));
typedef int32_t i8 __attribute__((ext_vector_type(8)));
typedef uint8_t u4 __attribute__((ext_vector_type(4)));
typedef uint8_t u8 __attribute__((ext_vector_type(8)));
typedef uint8_t u16 __attribute__((ext_vector_type(16)));

#define INLINE static inline __attribute__((always_inline))

/// Floats per resized pixel: RGB is held as 4 lanes (the fourth unused), gray as one.
INLINE ptrdiff_t lanes(ptrdiff_t channels) { return channels == 3 ? 4 : 1; }

size_t cresample_scratch_floats(ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels, ptrdiff_t horizontal_taps,
                                ptrdiff_t size) {
    ptrdiff_t p = lanes(channels);
    return (size_t)((width + horizontal_taps + 1) * p + height * size * p + size * p + size * horizontal_taps * p);
}

/// The columns `lo ..< hi` of one source row as floats, `lanes` per pixel, then zeros up to
/// `end` for the taps that read past the edge. An RGB pixel is read as 4 bytes (the fourth
/// belongs to the next pixel and lands in the unused lane), except the image's last; four pixels
/// at a time where 16 bytes can be read without passing the row's end.
INLINE void widen_row(const uint8_t *row, ptrdiff_t width, ptrdiff_t channels, ptrdiff_t lo, ptrdiff_t hi,
                      ptrdiff_t end, float *out) {
    if (channels == 3) {
        ptrdiff_t x = lo;
        for (; x + 4 <= hi && x + 6 <= width; x += 4) {
            u16 bytes;
            memcpy(&bytes, row + 3 * x, sizeof bytes);
            u16 pixels = __builtin_shufflevector(bytes, bytes, 0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9, 10, 11, 12);
            f16 wide = __builtin_convertvector(pixels, f16);
            memcpy(out + 4 * x, &wide, sizeof wide);
        }
        for (; x < hi && x + 1 < width; x++) {
            u4 bytes;
            memcpy(&bytes, row + 3 * x, 4);
            f4 pixel = __builtin_convertvector(bytes, f4);
            memcpy(out + 4 * x, &pixel, sizeof pixel);
        }
        if (x < hi) {
            const uint8_t *last = row + 3 * x;
            f4 pixel = {last[0], last[1], last[2], 0};
            memcpy(out + 4 * x, &pixel, sizeof pixel);
        }
        memset(out + 4 * hi, 0, (size_t)(4 * (end - hi)) * sizeof(float));
    } else {
        for (ptrdiff_t x = lo; x < hi; x++) out[x] = row[x];
        memset(out + hi, 0, (size_t)(end - hi) * sizeof(float));
    }
}

/// Each pair of RGB outputs' weights as the horizontal pass multiplies them: for outputs 2p and
/// 2p + 1 and tap t, the 8 floats at `(p * taps + t) * 8` are the first's weight 4 times, then
/// the second's.
INLINE void spread_pair_weights(cresample_axis axis, ptrdiff_t size, float *out) {
    for (ptrdiff_t p = 0; p < size / 2; p++) {
        const float *w0 = axis.weights + 2 * p * axis.taps, *w1 = w0 + axis.taps;
        for (ptrdiff_t t = 0; t < axis.taps; t++) {
            f8 weights = {w0[t], w0[t], w0[t], w0[t], w1[t], w1[t], w1[t], w1[t]};
            memcpy(out + (p * axis.taps + t) * 8, &weights, sizeof weights);
        }
    }
}

/// The horizontal pass over one widened row into `size` resized pixels; `taps` is a constant
/// where the caller's switch made it one, so the tap loop unrolls. RGB takes two pixels at a
/// time, with `pair_weights` from `spread_pair_weights`.
INLINE void resize_row(const float *row, ptrdiff_t channels, cresample_axis axis, const float *pair_weights,
                       ptrdiff_t taps, ptrdiff_t size, float *out) {
    if (channels == 3) {
        ptrdiff_t o = 0;
        for (; o + 2 <= size; o += 2) {  // two RGB pixels in one 8-float vector
            const float *first = row + 4 * axis.starts[o], *second = row + 4 * axis.starts[o + 1];
            const float *w = pair_weights + o / 2 * taps * 8;
            f8 sum = 0;
            for (ptrdiff_t t = 0; t < taps; t++) {
                f4 a, b;
                f8 weights;
                memcpy(&a, first + 4 * t, sizeof a);
                memcpy(&b, second + 4 * t, sizeof b);
                memcpy(&weights, w + 8 * t, sizeof weights);
                sum += weights * __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7);
            }
            memcpy(out + 4 * o, &sum, sizeof sum);
        }
        if (o < size) {
            const float *first = row + 4 * axis.starts[o], *w0 = axis.weights + o * taps;
            f4 sum = 0;
            for (ptrdiff_t t = 0; t < taps; t++) {
                f4 a;
                memcpy(&a, first + 4 * t, sizeof a);
                sum += w0[t] * a;
            }
            memcpy(out + 4 * o, &sum, sizeof sum);
        }
    } else {
        for (ptrdiff_t o = 0; o < size; o++) {
            const float *first = row + axis.starts[o], *w = axis.weights + o * taps;
            float sum = 0;
            for (ptrdiff_t t = 0; t < taps; t++) sum += w[t] * first[t];
            out[o] = sum;
        }
    }
}

/// The vertical pass for output row `y`: `n` floats summed over the resized rows it reads, then
/// scaled, offset and clamped.
INLINE void resize_column(const float *resized, ptrdiff_t n, cresample_axis axis, ptrdiff_t y, float scale,
                          float offset, float *out) {
    const float *w = axis.weights + y * axis.taps;
    const float *rows = resized + axis.starts[y] * n;
    ptrdiff_t count = axis.counts[y];
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        f8 sum = 0;
        for (ptrdiff_t t = 0; t < count; t++) {
            f8 v;
            memcpy(&v, rows + t * n + i, sizeof v);
            sum += w[t] * v;
        }
        sum = sum * scale + offset;
        sum = __builtin_elementwise_min(__builtin_elementwise_max(sum, (f8)0), (f8)1);
        memcpy(out + i, &sum, sizeof sum);
    }
    for (; i < n; i++) {
        float sum = 0;
        for (ptrdiff_t t = 0; t < count; t++) sum += w[t] * rows[t * n + i];
        sum = sum * scale + offset;
        out[i] = sum > 0 ? (sum < 1 ? sum : 1) : 0;
    }
}

/// Stores 8 values at `i` of a plane: as floats, or where `bytes` is given, as 8-bit samples
/// rounded half up, (uint8_t)(v * 255 + 0.5) for v in [0, 1]. The values come by address: an
/// 8-float argument would change the baseline compilation's calling convention.
INLINE void store8(const f8 *values, float *floats, uint8_t *bytes, ptrdiff_t i) {
    if (bytes) {
        u8 rounded = __builtin_convertvector(__builtin_convertvector(*values * 255 + 0.5f, i8), u8);
        memcpy(bytes + i, &rounded, sizeof rounded);
    } else {
        memcpy(floats + i, values, sizeof *values);
    }
}

/// `store8` for one value.
INLINE void store1(float value, float *floats, uint8_t *bytes, ptrdiff_t i) {
    if (bytes) {
        bytes[i] = (uint8_t)(int32_t)(value * 255 + 0.5f);
    } else {
        floats[i] = value;
    }
}

/// Output row `y` from `line` (`size` pixels of `lanes` floats) into its place in each plane
/// of `floats` or `bytes`; RGB is split into its planes 8 pixels at a time.
INLINE void store_row(const float *line, ptrdiff_t channels, ptrdiff_t size, ptrdiff_t y, float *floats,
                      uint8_t *bytes) {
    ptrdiff_t plane = size * size, x = 0;
    if (channels == 3) {
        for (; x + 8 <= size; x += 8) {
            f16 first, second;
            memcpy(&first, line + 4 * x, sizeof first);
            memcpy(&second, line + 4 * x + 16, sizeof second);
            f8 red = __builtin_shufflevector(first, second, 0, 4, 8, 12, 16, 20, 24, 28);
            f8 green = __builtin_shufflevector(first, second, 1, 5, 9, 13, 17, 21, 25, 29);
            f8 blue = __builtin_shufflevector(first, second, 2, 6, 10, 14, 18, 22, 26, 30);
            store8(&red, floats, bytes, y * size + x);
            store8(&green, floats, bytes, plane + y * size + x);
            store8(&blue, floats, bytes, 2 * plane + y * size + x);
        }
        for (; x < size; x++) {
            for (ptrdiff_t c = 0; c < 3; c++) store1(line[4 * x + c], floats, bytes, c * plane + y * size + x);
        }
    } else {
        for (; x + 8 <= size; x += 8) {
            f8 values;
            memcpy(&values, line + x, sizeof values);
            store8(&values, floats, bytes, y * size + x);
        }
        for (; x < size; x++) store1(line[x], floats, bytes, y * size + x);
    }
}

/// The whole resize, for either compilation: the rows some output reads are widened and resized
/// horizontally into `resized` (one row of `n` floats per source row), then each output row is
/// summed vertically into `line` and stored into the output planes, as floats or (where `bytes`
/// is given) 8-bit samples.
INLINE void resample_all(const uint8_t *pixels, ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels,
                         cresample_axis horizontal, cresample_axis vertical, ptrdiff_t size, float scale,
                         float offset, float *floats, uint8_t *bytes, float *scratch) {
    ptrdiff_t p = lanes(channels), taps = horizontal.taps, n = size * p;
    float *row = scratch, *resized = row + (width + taps + 1) * p, *line = resized + height * n;
    float *pair_weights = line + n;
    if (channels == 3) spread_pair_weights(horizontal, size, pair_weights);
    // Only the columns and rows some output reads are widened and resized.
    ptrdiff_t lo = width, end = 0, top = height, bottom = 0;
    for (ptrdiff_t o = 0; o < size; o++) {
        lo = horizontal.starts[o] < lo ? horizontal.starts[o] : lo;
        end = horizontal.starts[o] + taps > end ? horizontal.starts[o] + taps : end;
        top = vertical.starts[o] < top ? vertical.starts[o] : top;
        ptrdiff_t last = vertical.starts[o] + vertical.counts[o];
        bottom = last > bottom ? last : bottom;
    }
    ptrdiff_t hi = end < width ? end : width;
    for (ptrdiff_t y = top; y < bottom; y++) {
        widen_row(pixels + y * width * channels, width, channels, lo, hi, end, row);
        float *out = resized + y * n;
        switch (taps) {  // constant tap counts for the common filters' reductions
        case 2: resize_row(row, channels, horizontal, pair_weights, 2, size, out); break;
        case 3: resize_row(row, channels, horizontal, pair_weights, 3, size, out); break;
        case 4: resize_row(row, channels, horizontal, pair_weights, 4, size, out); break;
        default: resize_row(row, channels, horizontal, pair_weights, taps, size, out); break;
        }
    }
    for (ptrdiff_t y = 0; y < size; y++) {
        resize_column(resized, n, vertical, y, scale, offset, line);
        store_row(line, channels, size, y, floats, bytes);
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void resample_avx2(const uint8_t *pixels, ptrdiff_t width, ptrdiff_t height,
                                                          ptrdiff_t channels, cresample_axis horizontal,
                                                          cresample_axis vertical, ptrdiff_t size, float scale,
                                                          float offset, float *floats, uint8_t *bytes,
                                                          float *scratch) {
    resample_all(pixels, width, height, channels, horizontal, vertical, size, scale, offset, floats, bytes, scratch);
}
#endif

/// `resample_all` on the widest path the CPU allows when `wide` is set.
static void resample(const uint8_t *pixels, ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels,
                     cresample_axis horizontal, cresample_axis vertical, ptrdiff_t size, float scale, float offset,
                     float *floats, uint8_t *bytes, float *scratch, int wide) {
#if defined(__x86_64__)
    if (wide && __builtin_cpu_supports("avx2")) {
        resample_avx2(pixels, width, height, channels, horizontal, vertical, size, scale, offset, floats, bytes,
                      scratch);
        return;
    }
#endif
    resample_all(pixels, width, height, channels, horizontal, vertical, size, scale, offset, floats, bytes, scratch);
}

void cresample(const uint8_t *pixels, ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels,
               cresample_axis horizontal, cresample_axis vertical, ptrdiff_t size, float scale, float offset,
               float *output, float *scratch, int wide) {
    resample(pixels, width, height, channels, horizontal, vertical, size, scale, offset, output, NULL, scratch, wide);
}

void cresample_bytes(const uint8_t *pixels, ptrdiff_t width, ptrdiff_t height, ptrdiff_t channels,
                     cresample_axis horizontal, cresample_axis vertical, ptrdiff_t size, float scale, float offset,
                     uint8_t *output, float *scratch, int wide) {
    resample(pixels, width, height, channels, horizontal, vertical, size, scale, offset, NULL, output, scratch, wide);
}
