import CHDF5

extension HDF5File {
  /// A string attribute of an object (variable- or fixed-length, as h5py writes `str` and `np.bytes_`), nil if
  /// absent.
  /// - Throws: `.layout` when it exists but is not a string.
  func stringAttribute(_ name: String, of object: String = "/") throws(InterchangeError) -> String? {
    guard H5Aexists_by_name(id, object, name, smr_h5p_default()) > 0 else { return nil }
    let attribute = H5Aopen_by_name(id, object, name, smr_h5p_default(), smr_h5p_default())
    guard attribute >= 0 else { throw fail("\(object)@\(name)", "cannot be opened") }
    defer { H5Aclose(attribute) }
    let type = H5Aget_type(attribute)
    defer { H5Tclose(type) }
    guard H5Tget_class(type) == H5T_STRING else { throw .layout(path: path, object: "\(object)@\(name)", reason: "is not a string") }
    if H5Tis_variable_str(type) > 0 {
      let memory = Self.variableString()
      defer { H5Tclose(memory) }
      var pointer: UnsafeMutablePointer<CChar>?
      guard H5Aread(attribute, memory, &pointer) >= 0, let pointer else { throw fail("\(object)@\(name)", "cannot be read") }
      defer { H5free_memory(pointer) }
      return String(cString: pointer)
    }
    let size = Int(H5Tget_size(type))
    guard size < 1 << 26 else { throw .layout(path: path, object: "\(object)@\(name)", reason: "a \(size)-byte string") }
    var buffer = [UInt8](repeating: 0, count: size + 1)
    guard H5Aread(attribute, type, &buffer) >= 0 else { throw fail("\(object)@\(name)", "cannot be read") }
    return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// A scalar numeric attribute of an object, nil if absent.
  func numberAttribute(_ name: String, of object: String = "/") throws(InterchangeError) -> Double? {
    guard H5Aexists_by_name(id, object, name, smr_h5p_default()) > 0 else { return nil }
    let attribute = H5Aopen_by_name(id, object, name, smr_h5p_default(), smr_h5p_default())
    guard attribute >= 0 else { throw fail("\(object)@\(name)", "cannot be opened") }
    defer { H5Aclose(attribute) }
    let space = H5Aget_space(attribute)
    defer { H5Sclose(space) }
    let type = H5Aget_type(attribute)
    defer { H5Tclose(type) }
    let numeric = [H5T_INTEGER, H5T_FLOAT].contains(H5Tget_class(type))
    guard numeric, H5Sget_simple_extent_npoints(space) == 1 else {
      throw .layout(path: path, object: "\(object)@\(name)", reason: "is not a numeric scalar")
    }
    var value = 0.0
    guard H5Aread(attribute, smr_h5t_native_double(), &value) >= 0 else { throw fail("\(object)@\(name)", "cannot be read") }
    return value
  }

  /// Writes a variable-length UTF-8 string attribute (h5py reads it as `str`).
  func setAttribute(_ name: String, string: String, on object: String = "/") throws(InterchangeError) {
    let type = Self.variableString()
    defer { H5Tclose(type) }
    let result = string.withCString { text in
      var pointer: UnsafePointer<CChar>? = text
      return Result { () throws(InterchangeError) in try writeAttribute(name, type: type, on: object) { H5Awrite($0, type, &pointer) } }
    }
    try result.get()
  }

  /// Writes a 64-bit integer scalar attribute (as Minari writes `total_steps`).
  func setAttribute(_ name: String, integer: Int64, on object: String = "/") throws(InterchangeError) {
    var value = integer
    try writeAttribute(name, type: smr_h5t_native_int64(), on: object) { H5Awrite($0, smr_h5t_native_int64(), &value) }
  }

  /// Writes a float64 scalar attribute.
  func setAttribute(_ name: String, double: Double, on object: String = "/") throws(InterchangeError) {
    var value = double
    try writeAttribute(name, type: smr_h5t_native_double(), on: object) { H5Awrite($0, smr_h5t_native_double(), &value) }
  }

  private func writeAttribute(_ name: String, type: hid_t, on object: String, _ write: (hid_t) -> herr_t) throws(InterchangeError) {
    let space = H5Screate(H5S_SCALAR)
    defer { H5Sclose(space) }
    let attribute = H5Acreate_by_name(id, object, name, type, space, smr_h5p_default(), smr_h5p_default(), smr_h5p_default())
    guard attribute >= 0 else { throw fail("\(object)@\(name)", "cannot be created") }
    defer { H5Aclose(attribute) }
    guard write(attribute) >= 0 else { throw fail("\(object)@\(name)", "cannot be written") }
  }

  /// A variable-length UTF-8 string type (close it).
  static func variableString() -> hid_t {
    let type = H5Tcopy(smr_h5t_c_s1())
    H5Tset_size(type, smr_h5t_variable())
    H5Tset_cset(type, H5T_CSET_UTF8)
    return type
  }
}
