// Open MPI (Debian: libopenmpi-dev), found through pkg-config (ompi-c). Used only by the CMPIShim shim.
#include <mpi.h>
