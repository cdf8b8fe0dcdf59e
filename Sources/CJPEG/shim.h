// libjpeg-turbo's libjpeg API (Debian: libjpeg62-turbo-dev), found through pkg-config. Used only
// by the CLibJPEG shim. jpeglib.h needs size_t and FILE declared before it.
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>
