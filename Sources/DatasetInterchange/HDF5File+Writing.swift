import CHDF5

extension HDF5File {
  /// Writes everything buffered to disk (before an atomic rename).
  func flush() throws(InterchangeError) {
    guard H5Fflush(id, H5F_SCOPE_GLOBAL) >= 0 else { throw fail("/", "cannot be flushed to disk") }
  }

  /// Creates a group (its parent must exist).
  func createGroup(_ name: String) throws(InterchangeError) {
    let group = H5Gcreate2(id, name, smr_h5p_default(), smr_h5p_default(), smr_h5p_default())
    guard group >= 0 else { throw fail(name, "cannot be created") }
    H5Gclose(group)
  }

  /// Writes a float32 dataset of `shape` (row-major values).
  func write(_ name: String, floats: [Float], shape: [Int]) throws(InterchangeError) {
    precondition(shape.reduce(1, *) == floats.count, "values fill the shape")
    var values = floats
    try writeDataset(name, fileType: smr_h5t_native_float(), shape: shape) { dataset in
      H5Dwrite(dataset, smr_h5t_native_float(), smr_h5s_all(), smr_h5s_all(), smr_h5p_default(), &values)
    }
  }

  /// Writes a float64 dataset of `shape`.
  func write(_ name: String, doubles: [Double], shape: [Int]) throws(InterchangeError) {
    precondition(shape.reduce(1, *) == doubles.count, "values fill the shape")
    var values = doubles
    try writeDataset(name, fileType: smr_h5t_native_double(), shape: shape) { dataset in
      H5Dwrite(dataset, smr_h5t_native_double(), smr_h5s_all(), smr_h5s_all(), smr_h5p_default(), &values)
    }
  }

  /// Writes an int64 dataset of `shape`.
  func write(_ name: String, integers: [Int64], shape: [Int]) throws(InterchangeError) {
    precondition(shape.reduce(1, *) == integers.count, "values fill the shape")
    var values = integers
    try writeDataset(name, fileType: smr_h5t_native_int64(), shape: shape) { dataset in
      H5Dwrite(dataset, smr_h5t_native_int64(), smr_h5s_all(), smr_h5s_all(), smr_h5p_default(), &values)
    }
  }

  /// Writes a boolean dataset as h5py does: an 8-bit enum with members FALSE = 0 and TRUE = 1.
  func write(_ name: String, booleans: [Bool]) throws(InterchangeError) {
    let type = H5Tenum_create(smr_h5t_native_int8())
    defer { H5Tclose(type) }
    var (no, yes) = (Int8(0), Int8(1))
    H5Tenum_insert(type, "FALSE", &no)
    H5Tenum_insert(type, "TRUE", &yes)
    var values = booleans.map { Int8($0 ? 1 : 0) }
    try writeDataset(name, fileType: type, shape: [booleans.count]) { dataset in
      H5Dwrite(dataset, type, smr_h5s_all(), smr_h5s_all(), smr_h5p_default(), &values)
    }
  }

  private func writeDataset(_ name: String, fileType: hid_t, shape: [Int], _ write: (hid_t) -> herr_t) throws(InterchangeError) {
    let dims = shape.map { hsize_t($0) }
    let space = H5Screate_simple(Int32(dims.count), dims, nil)
    guard space >= 0 else { throw fail(name, "cannot make a dataspace of shape \(shape)") }
    defer { H5Sclose(space) }
    let dataset = H5Dcreate2(id, name, fileType, space, smr_h5p_default(), smr_h5p_default(), smr_h5p_default())
    guard dataset >= 0 else { throw fail(name, "cannot be created") }
    defer { H5Dclose(dataset) }
    guard shape.contains(0) || write(dataset) >= 0 else { throw fail(name, "cannot be written") }
  }
}
