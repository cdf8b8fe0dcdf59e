// CMPIShim: the few MPI calls swift-metalearn makes, on MPI_COMM_WORLD, as plain C functions.
//
// Open MPI's handles (MPI_COMM_WORLD, MPI_BYTE) are macros over global symbols that Swift
// cannot import; every one stays inside shim.c. Each function returns MPI's error code
// (0 on success) unless it says otherwise.
#ifndef CMPISHIM_H
#define CMPISHIM_H

#include <stddef.h>
#include <stdint.h>

/// Initialises MPI for a process whose MPI calls all come from one thread (MPI_THREAD_FUNNELED).
int cmpi_init(void);

/// Ends MPI after every rank has made its last collective call.
int cmpi_finalize(void);

/// This process's rank and the number of ranks in MPI_COMM_WORLD.
int cmpi_rank(int32_t *rank);
int cmpi_size(int32_t *size);

/// Every rank's one `*send`, in rank order, into `receive` (one value per rank).
int cmpi_allgather_int64(const int64_t *send, int64_t *receive);

/// Every rank's `send_count` bytes concatenated in rank order into `receive`, rank r's at
/// `offsets[r]` with `counts[r]` bytes. Every count and offset fits an int: the caller sends
/// larger buffers in rounds.
int cmpi_allgatherv_bytes(const void *send, int32_t send_count, void *receive,
                          const int32_t *counts, const int32_t *offsets);

/// `count` bytes of rank `root`'s `buffer` copied into every rank's `buffer`.
int cmpi_broadcast_bytes(void *buffer, int32_t count, int32_t root);

/// Ends every rank of the job with `status`; does not return.
void cmpi_abort(int32_t status);

/// From now on, SIGTERM (what mpirun sends the surviving ranks when one rank dies or the job is
/// cancelled) writes `message` to standard error and ends the process with status 1. The message
/// is copied (at most 1023 bytes); writing it is async-signal-safe.
void cmpi_print_on_termination(const char *message);

#endif
