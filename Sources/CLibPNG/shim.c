// libpng behind a setjmp boundary: see include/CLibPNG.h.
#include "CLibPNG.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libpng's own size limits are lifted to its maximum, so that it checks the IHDR chunk
// (CRC, valid values) first and the shim then refuses a size above CLIBPNG_MAX_DIMENSION or
// CLIBPNG_MAX_PIXELS in its own words, not as "Invalid IHDR data".
#define LIBPNG_MAX_DIMENSION 0x7fffffffu

typedef struct {
    char *message;
    size_t capacity;
} error_sink;

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
} memory_reader;

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
    int failed;
} memory_writer;

static void copy_message(char *destination, size_t capacity, const char *text) {
    if (destination == NULL || capacity == 0) return;
    strncpy(destination, text ? text : "unknown libpng error", capacity - 1);
    destination[capacity - 1] = '\0';
}

static void on_error(png_structp png, png_const_charp text) {
    error_sink *sink = (error_sink *)png_get_error_ptr(png);
    if (sink) copy_message(sink->message, sink->capacity, text);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;  // benign problems (bad ancillary chunk CRC, unknown chunk) are not errors
}

static void read_from_memory(png_structp png, png_bytep out, size_t length) {
    memory_reader *reader = (memory_reader *)png_get_io_ptr(png);
    if (reader->size - reader->offset < length) png_error(png, "file is truncated");
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

static void write_to_memory(png_structp png, png_bytep in, size_t length) {
    memory_writer *writer = (memory_writer *)png_get_io_ptr(png);
    if (writer->size + length > writer->capacity) {
        size_t capacity = writer->capacity ? writer->capacity : 4096;
        while (capacity < writer->size + length) capacity *= 2;
        uint8_t *grown = realloc(writer->data, capacity);
        if (grown == NULL) {
            writer->failed = 1;
            png_error(png, "out of memory while encoding");
        }
        writer->data = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->data + writer->size, in, length);
    writer->size += length;
}

static void flush_nothing(png_structp png) { (void)png; }

static int check_signature(const uint8_t *data, size_t size, char *message, size_t capacity) {
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        copy_message(message, capacity, "not a PNG file (bad signature)");
        return 1;
    }
    return 0;
}

static void fill_info(png_structp png, png_infop info, clpng_info *out) {
    out->width = png_get_image_width(png, info);
    out->height = png_get_image_height(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    out->color_type = png_get_color_type(png, info);
    out->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
}

// 0 when `info` declares a size within the limits of CLibPNG.h; otherwise CLIBPNG_TOO_LARGE and why.
static int check_size(const clpng_info *info, char *message, size_t capacity) {
    if (info->width > CLIBPNG_MAX_DIMENSION || info->height > CLIBPNG_MAX_DIMENSION) {
        snprintf(message, capacity, "%u×%u pixels, above the limit of %u×%u", info->width, info->height,
                 CLIBPNG_MAX_DIMENSION, CLIBPNG_MAX_DIMENSION);
        return CLIBPNG_TOO_LARGE;
    }
    if ((uint64_t)info->width * info->height > CLIBPNG_MAX_PIXELS) {
        snprintf(message, capacity, "%u×%u pixels, above the limit of %u pixels in all", info->width, info->height,
                 CLIBPNG_MAX_PIXELS);
        return CLIBPNG_TOO_LARGE;
    }
    return 0;
}

int clpng_read_info(const uint8_t *data, size_t size, clpng_info *info_out,
                    char *message, size_t message_capacity) {
    if (check_signature(data, size, message, message_capacity)) return 1;
    error_sink sink = {message, message_capacity};
    memory_reader reader = {data, size, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (png == NULL) { copy_message(message, message_capacity, "out of memory"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        copy_message(message, message_capacity, "out of memory");
        return 1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    png_set_user_limits(png, LIBPNG_MAX_DIMENSION, LIBPNG_MAX_DIMENSION);
    png_set_read_fn(png, &reader, read_from_memory);
    png_read_info(png, info);
    fill_info(png, info, info_out);
    png_destroy_read_struct(&png, &info, NULL);
    return check_size(info_out, message, message_capacity);
}

// Composites one row of gray+alpha or RGBA (8-bit) over white into `channels` output samples.
static void convert_row(const uint8_t *in, int source_color, int channels, uint32_t width,
                        uint8_t *out) {
    for (uint32_t x = 0; x < width; x++) {
        uint32_t r, g, b, a;
        if (source_color) {
            r = in[4 * x]; g = in[4 * x + 1]; b = in[4 * x + 2]; a = in[4 * x + 3];
        } else {
            r = g = b = in[2 * x]; a = in[2 * x + 1];
        }
        if (a != 255) {  // over white: v * a + 255 * (1 - a), rounded
            r = (r * a + 255u * (255u - a) + 127u) / 255u;
            g = (g * a + 255u * (255u - a) + 127u) / 255u;
            b = (b * a + 255u * (255u - a) + 127u) / 255u;
        }
        if (channels == 1) {
            // Rec. 601 luma in fixed point; exact for gray sources (r == g == b).
            out[x] = source_color ? (uint8_t)((19595u * r + 38470u * g + 7471u * b + 32768u) >> 16)
                                  : (uint8_t)r;
        } else {
            out[3 * x] = (uint8_t)r; out[3 * x + 1] = (uint8_t)g; out[3 * x + 2] = (uint8_t)b;
        }
    }
}

int clpng_decode(const uint8_t *data, size_t size, int channels,
                 uint8_t **pixels_out, clpng_info *info_out,
                 char *message, size_t message_capacity) {
    *pixels_out = NULL;
    if (channels != 1 && channels != 3) {
        copy_message(message, message_capacity, "channels must be 1 or 3");
        return 1;
    }
    if (check_signature(data, size, message, message_capacity)) return 1;

    error_sink sink = {message, message_capacity};
    memory_reader reader = {data, size, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (png == NULL) { copy_message(message, message_capacity, "out of memory"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        copy_message(message, message_capacity, "out of memory");
        return 1;
    }
    // Everything setjmp's caller may still hold after a longjmp lives in volatile storage.
    uint8_t *volatile rows_buffer = NULL;
    png_bytep *volatile row_pointers = NULL;
    uint8_t *volatile output = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rows_buffer);
        free(row_pointers);
        free(output);
        return 1;
    }
    png_set_user_limits(png, LIBPNG_MAX_DIMENSION, LIBPNG_MAX_DIMENSION);
    png_set_read_fn(png, &reader, read_from_memory);
    png_read_info(png, info);
    fill_info(png, info, info_out);
    int size_status = check_size(info_out, message, message_capacity);
    if (size_status != 0) {
        png_destroy_read_struct(&png, &info, NULL);
        return size_status;
    }
    uint32_t width = info_out->width, height = info_out->height;

    // Normalise every format to 8-bit gray, RGB, gray+alpha or RGBA. When the source channels
    // already match the request and nothing is transparent, rows decode straight into the
    // output; otherwise an alpha channel is added and the shim composites and converts.
    int source_color = (info_out->color_type & PNG_COLOR_MASK_COLOR) != 0;
    int has_alpha = (info_out->color_type & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid(png, info, PNG_INFO_tRNS);
    int direct = !has_alpha && source_color == (channels == 3);
    png_set_expand(png);               // palette -> RGB, gray < 8 bit -> 8 bit, tRNS -> alpha
    png_set_scale_16(png);             // 16 -> 8 bit, rounded
    if (!direct) png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int expected_channels = direct ? channels : (source_color ? 4 : 2);
    if (png_get_bit_depth(png, info) != 8 || png_get_channels(png, info) != expected_channels)
        png_error(png, "unsupported pixel layout after conversion");
    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * expected_channels)
        png_error(png, "unexpected row size after conversion");

    output = malloc((size_t)width * height * channels);
    rows_buffer = direct ? NULL : malloc(row_bytes * height);
    row_pointers = malloc(sizeof(png_bytep) * height);
    if (output == NULL || row_pointers == NULL || (!direct && rows_buffer == NULL))
        png_error(png, "out of memory");
    uint8_t *rows = direct ? output : rows_buffer;
    for (uint32_t y = 0; y < height; y++) row_pointers[y] = rows + row_bytes * y;
    png_read_image(png, row_pointers);
    png_read_end(png, NULL);

    if (!direct) {
        for (uint32_t y = 0; y < height; y++)
            convert_row(row_pointers[y], source_color, channels, width,
                        output + (size_t)width * channels * y);
    }

    png_destroy_read_struct(&png, &info, NULL);
    free(rows_buffer);
    free(row_pointers);
    *pixels_out = output;
    return 0;
}

int clpng_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                 int compression_level, uint8_t **png_out, size_t *png_size,
                 char *message, size_t message_capacity) {
    *png_out = NULL;
    *png_size = 0;
    if (channels != 1 && channels != 3) {
        copy_message(message, message_capacity, "channels must be 1 or 3");
        return 1;
    }
    if (width == 0 || height == 0) {
        copy_message(message, message_capacity, "image has no pixels");
        return 1;
    }
    error_sink sink = {message, message_capacity};
    memory_writer writer = {NULL, 0, 0, 0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (png == NULL) { copy_message(message, message_capacity, "out of memory"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        copy_message(message, message_capacity, "out of memory");
        return 1;
    }
    png_bytep *volatile row_pointers = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row_pointers);
        free(writer.data);
        return 1;
    }
    png_set_write_fn(png, &writer, write_to_memory, flush_nothing);
    png_set_compression_level(png, compression_level < 0 ? 0 : compression_level > 9 ? 9 : compression_level);
    png_set_IHDR(png, info, width, height, 8,
                 channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    row_pointers = malloc(sizeof(png_bytep) * height);
    if (row_pointers == NULL) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++)
        row_pointers[y] = (png_bytep)(pixels + (size_t)width * channels * y);
    png_write_info(png, info);
    png_write_image(png, row_pointers);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row_pointers);
    *png_out = writer.data;
    *png_size = writer.size;
    return 0;
}

void clpng_free(void *buffer) { free(buffer); }
