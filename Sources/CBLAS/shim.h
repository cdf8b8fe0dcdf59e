// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). Private to MetaTensor.
#include <cblas.h>
