// libjpeg behind a setjmp boundary: see include/CLibJPEG.h.
#include "CLibJPEG.h"

#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

// libjpeg's error manager, extended with the jump back into the shim and the caller's buffer.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
    size_t capacity;
} error_manager;

static void copy_message(char *destination, size_t capacity, const char *text) {
    if (destination == NULL || capacity == 0) return;
    strncpy(destination, text ? text : "unknown libjpeg error", capacity - 1);
    destination[capacity - 1] = '\0';
}

// error_exit: keeps libjpeg's message, then jumps back to the shim function's setjmp.
static void on_error_exit(j_common_ptr cinfo) {
    error_manager *errors = (error_manager *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    copy_message(errors->message, errors->capacity, text);
    longjmp(errors->jump, 1);
}

// Warnings that mean the compressed data is damaged (libjpeg would go on with made-up pixels)
// are errors; warnings about metadata (an unknown JFIF revision, a bad ICC profile) are not.
static void on_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
        on_error_exit(cinfo);
        break;
    default:
        break;
    }
}

static struct jpeg_error_mgr *install_errors(error_manager *errors, char *message, size_t capacity) {
    jpeg_std_error(&errors->base);
    errors->base.error_exit = on_error_exit;
    errors->base.emit_message = on_message;
    errors->message = message;
    errors->capacity = capacity;
    return &errors->base;
}

// 0 when the declared size is within the limits of CLibJPEG.h; otherwise CLIBJPEG_TOO_LARGE and why.
static int check_size(const cljpeg_info *info, char *message, size_t capacity) {
    if (info->width > CLIBJPEG_MAX_DIMENSION || info->height > CLIBJPEG_MAX_DIMENSION) {
        snprintf(message, capacity, "%u×%u pixels, above the limit of %u×%u", info->width, info->height,
                 CLIBJPEG_MAX_DIMENSION, CLIBJPEG_MAX_DIMENSION);
        return CLIBJPEG_TOO_LARGE;
    }
    if ((uint64_t)info->width * info->height > CLIBJPEG_MAX_PIXELS) {
        snprintf(message, capacity, "%u×%u pixels, above the limit of %u pixels in all", info->width, info->height,
                 CLIBJPEG_MAX_PIXELS);
        return CLIBJPEG_TOO_LARGE;
    }
    return 0;
}

// Sets the smallest DCT scale n/8 whose output's shorter side is at least `minimum_side`.
static void choose_scale(struct jpeg_decompress_struct *cinfo, uint32_t minimum_side) {
    cinfo->scale_denom = 8;
    for (unsigned int n = 1; n <= 8; n++) {
        cinfo->scale_num = n;
        jpeg_calc_output_dimensions(cinfo);
        uint32_t shorter = cinfo->output_width < cinfo->output_height ? cinfo->output_width : cinfo->output_height;
        if (shorter >= minimum_side) return;
    }
}

int cljpeg_decode(const uint8_t *data, size_t size, int channels, uint32_t minimum_side,
                  uint8_t **pixels_out, uint32_t *width_out, uint32_t *height_out, cljpeg_info *info,
                  char *message, size_t message_capacity) {
    *pixels_out = NULL;
    if (channels != 1 && channels != 3) {
        copy_message(message, message_capacity, "channels must be 1 or 3");
        return CLIBJPEG_MALFORMED;
    }
    struct jpeg_decompress_struct cinfo;
    error_manager errors;
    cinfo.err = install_errors(&errors, message, message_capacity);
    // Everything setjmp's caller may still hold after a longjmp lives in volatile storage.
    uint8_t *volatile output = NULL;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(output);
        return CLIBJPEG_MALFORMED;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    info->width = cinfo.image_width;
    info->height = cinfo.image_height;
    info->components = cinfo.num_components;
    info->color_space = cinfo.jpeg_color_space;
    info->progressive = cinfo.progressive_mode ? 1 : 0;
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        copy_message(message, message_capacity,
                     cinfo.jpeg_color_space == JCS_CMYK ? "CMYK colour is not supported (convert the file to RGB)"
                                                        : "YCCK colour is not supported (convert the file to RGB)");
        jpeg_destroy_decompress(&cinfo);
        return CLIBJPEG_UNSUPPORTED;
    }
    int size_status = check_size(info, message, message_capacity);
    if (size_status != 0) {
        jpeg_destroy_decompress(&cinfo);
        return size_status;
    }
    cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    if (minimum_side > 0) choose_scale(&cinfo, minimum_side);
    jpeg_start_decompress(&cinfo);
    uint32_t width = cinfo.output_width, height = cinfo.output_height;
    if (cinfo.output_components != channels) ERREXIT(&cinfo, JERR_BAD_J_COLORSPACE);
    size_t row_bytes = (size_t)width * channels;
    output = malloc(row_bytes * height);
    if (output == NULL) ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 0);
    while (cinfo.output_scanline < height) {
        JSAMPROW rows[4];
        uint32_t count = height - cinfo.output_scanline < 4 ? height - cinfo.output_scanline : 4;
        for (uint32_t k = 0; k < count; k++) rows[k] = output + row_bytes * (cinfo.output_scanline + k);
        jpeg_read_scanlines(&cinfo, rows, count);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    *pixels_out = output;
    *width_out = width;
    *height_out = height;
    return 0;
}

int cljpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int components,
                  int quality, int progressive, uint8_t **jpeg_out, size_t *jpeg_size,
                  char *message, size_t message_capacity) {
    *jpeg_out = NULL;
    *jpeg_size = 0;
    if (components != 1 && components != 3 && components != 4) {
        copy_message(message, message_capacity, "components must be 1, 3 or 4");
        return CLIBJPEG_MALFORMED;
    }
    struct jpeg_compress_struct cinfo;
    error_manager errors;
    cinfo.err = install_errors(&errors, message, message_capacity);
    // libjpeg's memory destination updates these through their addresses, so they live in memory.
    unsigned char *buffer = NULL;
    unsigned long buffer_size = 0;
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        return CLIBJPEG_MALFORMED;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &buffer, &buffer_size);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    if (progressive) jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    size_t row_bytes = (size_t)width * components;
    while (cinfo.next_scanline < height) {
        JSAMPROW row = (JSAMPROW)(pixels + row_bytes * cinfo.next_scanline);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *jpeg_out = buffer;
    *jpeg_size = buffer_size;
    return 0;
}

void cljpeg_free(void *buffer) { free(buffer); }
