// Debian's HDF5 (libhdf5-dev, serial): the constants Swift cannot import, because HDF5 defines them as macros
// that call H5open() or cast, exposed as inline functions. Everything else is HDF5's own C API.
#include <hdf5.h>

static inline hid_t smr_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t smr_h5s_all(void) { return H5S_ALL; }
static inline hid_t smr_h5e_default(void) { return H5E_DEFAULT; }
static inline unsigned smr_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned smr_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline size_t smr_h5t_variable(void) { return H5T_VARIABLE; }
static inline hid_t smr_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t smr_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t smr_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t smr_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t smr_h5t_c_s1(void) { return H5T_C_S1; }
/// Silences HDF5's printing of its error stack: failures come back as typed Swift errors instead.
static inline void smr_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
