#include "CMPIShim.h"

#include <mpi.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

int cmpi_init(void) {
    int provided = 0;
    return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
}

int cmpi_finalize(void) {
    return MPI_Finalize();
}

int cmpi_rank(int32_t *rank) {
    int value = 0;
    int status = MPI_Comm_rank(MPI_COMM_WORLD, &value);
    *rank = value;
    return status;
}

int cmpi_size(int32_t *size) {
    int value = 0;
    int status = MPI_Comm_size(MPI_COMM_WORLD, &value);
    *size = value;
    return status;
}

int cmpi_allgather_int64(const int64_t *send, int64_t *receive) {
    return MPI_Allgather(send, 1, MPI_INT64_T, receive, 1, MPI_INT64_T, MPI_COMM_WORLD);
}

int cmpi_allgatherv_bytes(const void *send, int32_t send_count, void *receive,
                          const int32_t *counts, const int32_t *offsets) {
    return MPI_Allgatherv(send, send_count, MPI_BYTE, receive, counts, offsets, MPI_BYTE, MPI_COMM_WORLD);
}

int cmpi_broadcast_bytes(void *buffer, int32_t count, int32_t root) {
    return MPI_Bcast(buffer, count, MPI_BYTE, root, MPI_COMM_WORLD);
}

void cmpi_abort(int32_t status) {
    MPI_Abort(MPI_COMM_WORLD, status);
    _exit(status);
}

static char termination_message[1024];
static size_t termination_length;

static void print_and_exit(int signal_number) {
    (void)signal_number;
    if (termination_length > 0) {
        ssize_t ignored = write(STDERR_FILENO, termination_message, termination_length);
        (void)ignored;
    }
    _exit(1);
}

void cmpi_print_on_termination(const char *message) {
    strncpy(termination_message, message, sizeof termination_message - 1);
    termination_length = strlen(termination_message);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = print_and_exit;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
}
