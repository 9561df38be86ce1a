#ifndef SMR_CMPI_SHIM_H
#define SMR_CMPI_SHIM_H
// OpenMPI's handles (MPI_COMM_WORLD, MPI_FLOAT, ...) are macros over the addresses of library globals, which
// Swift cannot import: these inline functions return them. Nothing else is wrapped.
#include <mpi.h>

static inline MPI_Comm smr_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype smr_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype smr_mpi_int(void) { return MPI_INT; }
static inline MPI_Errhandler smr_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline int smr_mpi_success(void) { return MPI_SUCCESS; }
static inline int smr_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int smr_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

#endif
