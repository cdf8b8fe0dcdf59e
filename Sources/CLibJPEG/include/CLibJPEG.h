// CLibJPEG: a tiny C shim over libjpeg-turbo's libjpeg API for FewShotData.
//
// libjpeg reports errors through its error manager's error_exit; the shim's error_exit
// longjmps back into shim.c, so no jump ever crosses a Swift frame. Warnings (corrupt entropy
// data, a premature end of file) are errors too: a damaged file never decodes to a made-up
// image. Failures come back as a non-zero status and a NUL-terminated message in the caller's
// buffer.
#ifndef CLIBJPEG_H
#define CLIBJPEG_H

#include <stddef.h>
#include <stdint.h>

#define CLIBJPEG_MESSAGE_CAPACITY 256

/// The largest width or height, and the most pixels in all, of an image the shim decodes
/// (the same limits as CLibPNG's).
#define CLIBJPEG_MAX_DIMENSION 16384u
#define CLIBJPEG_MAX_PIXELS 67108864u

/// Statuses of a failed decode: the file is damaged or not a JPEG; its declared size is above
/// the limits; it is a valid JPEG of a kind the shim does not decode (CMYK or YCCK colour).
#define CLIBJPEG_MALFORMED 1
#define CLIBJPEG_TOO_LARGE 2
#define CLIBJPEG_UNSUPPORTED 3

/// What the file declares in its frame header.
typedef struct {
    uint32_t width;
    uint32_t height;
    int32_t components;   // 1 (gray), 3 (YCbCr or RGB) or 4 (CMYK or YCCK)
    int32_t color_space;  // libjpeg's J_COLOR_SPACE of the file: 1 gray, 2 RGB, 3 YCbCr, 4 CMYK, 5 YCCK
    int32_t progressive;  // 1 for progressive files, 0 for baseline or extended sequential
} cljpeg_info;

/// Decodes a JPEG held in memory to 8-bit samples with `channels` (1 = gray, 3 = RGB)
/// interleaved channels, row-major. With `minimum_side` > 0, libjpeg's DCT scaling decodes the
/// image straight to the smallest of the sizes 1/8, 2/8, ..., 8/8 whose shorter side is still at
/// least `minimum_side` (the full size when none is): `*width` and `*height` give the size
/// decoded, `info` the size declared. On success returns 0 and `*pixels` is a malloc'd buffer of
/// width*height*channels bytes freed with `cljpeg_free`. On failure returns one of the statuses
/// above, `*pixels` is NULL and `message` holds the reason.
int cljpeg_decode(const uint8_t *data, size_t size, int channels, uint32_t minimum_side,
                  uint8_t **pixels, uint32_t *width, uint32_t *height, cljpeg_info *info,
                  char *message, size_t message_capacity);

/// Encodes 8-bit samples with `components` interleaved channels (1 gray, 3 RGB, 4 CMYK) to a
/// JPEG in memory at `quality` (1...100), progressive when `progressive` is non-zero (libjpeg's
/// jpeg_simple_progression). On success returns 0 and `*jpeg` is a malloc'd buffer of
/// `*jpeg_size` bytes freed with `cljpeg_free`. Test data only: the package reads JPEGs.
int cljpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int components,
                  int quality, int progressive, uint8_t **jpeg, size_t *jpeg_size,
                  char *message, size_t message_capacity);

/// Frees a buffer returned by this shim.
void cljpeg_free(void *buffer);

#endif
