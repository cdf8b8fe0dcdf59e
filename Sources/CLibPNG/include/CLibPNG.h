// CLibPNG: a tiny C shim over libpng for FewShotData.
//
// libpng reports errors with setjmp/longjmp; every jump stays inside shim.c, so
// no jump ever crosses a Swift frame. Failures come back as a non-zero return
// value and a NUL-terminated message in the caller's buffer.
#ifndef CLIBPNG_H
#define CLIBPNG_H

#include <stddef.h>
#include <stdint.h>

#define CLIBPNG_MESSAGE_CAPACITY 256

/// The largest width or height, and the most pixels in all, of an image the shim reads: a
/// flipped IHDR byte can claim 2^31 x 2^31 pixels; real data sets are far below this.
#define CLIBPNG_MAX_DIMENSION 16384u
#define CLIBPNG_MAX_PIXELS 67108864u

/// The status of a decode or header read refused because the image's declared size is above
/// those limits (the message then gives the size and the limit); other failures return 1.
#define CLIBPNG_TOO_LARGE 2

/// What the file declares in its IHDR chunk.
typedef struct {
    uint32_t width;
    uint32_t height;
    int32_t bit_depth;   // 1, 2, 4, 8 or 16
    int32_t color_type;  // PNG color type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
    int32_t interlaced;  // 1 for Adam7, 0 otherwise
} clpng_info;

/// Decodes a PNG held in memory to 8-bit samples with `channels` (1 = gray, 3 = RGB)
/// interleaved channels, row-major, alpha composited over white.
/// On success returns 0, `*pixels` is a malloc'd buffer of width*height*channels bytes
/// that the caller frees with `clpng_free`, and `*info` describes the source.
/// On failure returns non-zero (CLIBPNG_TOO_LARGE for a size above the limits, else 1),
/// `*pixels` is NULL and `message` holds the reason.
int clpng_decode(const uint8_t *data, size_t size, int channels,
                 uint8_t **pixels, clpng_info *info,
                 char *message, size_t message_capacity);

/// Reads only the header of a PNG in memory. Returns 0 on success; on failure non-zero as
/// `clpng_decode` does, with the reason in `message`.
int clpng_read_info(const uint8_t *data, size_t size, clpng_info *info,
                    char *message, size_t message_capacity);

/// Encodes 8-bit gray (channels = 1) or RGB (channels = 3) pixels to a PNG in memory.
/// On success returns 0 and `*png` is a malloc'd buffer of `*png_size` bytes freed with
/// `clpng_free`. `compression_level` is zlib's 0...9.
int clpng_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                 int compression_level, uint8_t **png, size_t *png_size,
                 char *message, size_t message_capacity);

/// Frees a buffer returned by this shim.
void clpng_free(void *buffer);

#endif
