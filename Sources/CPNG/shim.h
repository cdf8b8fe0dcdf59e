// libpng (Debian: libpng-dev), found through pkg-config. Used only by the CLibPNG shim.
#include <png.h>
