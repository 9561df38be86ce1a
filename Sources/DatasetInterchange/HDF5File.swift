import CHDF5
import Foundation

/// An open HDF5 file (Debian's libhdf5): the few operations D4RL and Minari files need — numeric and boolean
/// datasets, groups, string and number attributes — each failure a typed `InterchangeError` naming the object.
///
/// Every handle this type opens is closed before the call returns, except the file's own (closed on deinit).
/// Reads are bounded: a dataset whose logical size exceeds 1032× its stored bytes (deflate's largest ratio;
/// HDF5 datasets may be gzip-compressed) plus 1 MiB is refused before anything is allocated.
final class HDF5File {
  let id: hid_t
  let path: String

  private init(id: hid_t, path: String) {
    self.id = id
    self.path = path
  }

  deinit { H5Fclose(id) }

  /// Opens `path` read-only.
  /// - Throws: `InterchangeError.hdf5` (missing file, not HDF5, truncated).
  static func open(_ path: String) throws(InterchangeError) -> HDF5File {
    smr_h5_silence_errors()
    guard FileManager.default.fileExists(atPath: path) else { throw .hdf5(path: path, object: "/", reason: "no such file") }
    guard H5Fis_hdf5(path) > 0 else { throw .hdf5(path: path, object: "/", reason: "not an HDF5 file (or truncated)") }
    let id = H5Fopen(path, smr_h5f_acc_rdonly(), smr_h5p_default())
    guard id >= 0 else { throw .hdf5(path: path, object: "/", reason: "cannot be opened (truncated or corrupted)") }
    return HDF5File(id: id, path: path)
  }

  /// Creates (or truncates) `path` for writing.
  static func create(_ path: String) throws(InterchangeError) -> HDF5File {
    smr_h5_silence_errors()
    let id = H5Fcreate(path, smr_h5f_acc_trunc(), smr_h5p_default(), smr_h5p_default())
    guard id >= 0 else { throw .hdf5(path: path, object: "/", reason: "cannot be created") }
    return HDF5File(id: id, path: path)
  }

  func fail(_ object: String, _ reason: String) -> InterchangeError { .hdf5(path: path, object: object, reason: reason) }

  /// Whether a link `name` (an absolute path such as `/infos/qpos`) exists, every intermediate group included.
  func exists(_ name: String) -> Bool {
    var prefix = ""
    for part in name.split(separator: "/") {
      prefix += "/" + part
      guard H5Lexists(id, prefix, smr_h5p_default()) > 0 else { return false }
    }
    return !prefix.isEmpty
  }

  /// The names of a group's members, in HDF5's name order.
  func members(of group: String) throws(InterchangeError) -> [String] {
    let handle = H5Gopen2(id, group, smr_h5p_default())
    guard handle >= 0 else { throw fail(group, "is not a group") }
    defer { H5Gclose(handle) }
    var info = H5G_info_t()
    guard H5Gget_info(handle, &info) >= 0 else { throw fail(group, "cannot list its members") }
    var names: [String] = []
    for index in 0..<info.nlinks {
      let length = H5Lget_name_by_idx(handle, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, smr_h5p_default())
      guard length >= 0 else { throw fail(group, "cannot read member \(index)'s name") }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      H5Lget_name_by_idx(handle, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, smr_h5p_default())
      names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return names
  }

  /// Reads a numeric or boolean dataset (h5py's bool is an 8-bit enum) as doubles.
  /// - Throws: `.hdf5` for an unreadable object, `.layout` for another type class or an implausible size.
  func array(_ name: String) throws(InterchangeError) -> HDF5Array {
    let dataset = H5Dopen2(id, name, smr_h5p_default())
    guard dataset >= 0 else { throw fail(name, "is missing or not a dataset") }
    defer { H5Dclose(dataset) }
    let space = H5Dget_space(dataset)
    defer { H5Sclose(space) }
    let rank = Int(H5Sget_simple_extent_ndims(space))
    guard rank >= 0, rank <= 8 else { throw fail(name, "has an unreadable shape") }
    var dims = [hsize_t](repeating: 0, count: max(rank, 1))
    H5Sget_simple_extent_dims(space, &dims, nil)
    let shape = dims.prefix(rank).map { Int(clamping: $0) }
    let type = H5Dget_type(dataset)
    defer { H5Tclose(type) }
    let kind: HDF5Array.Kind
    switch H5Tget_class(type) {
    case H5T_FLOAT: kind = .float
    case H5T_INTEGER: kind = .integer
    case H5T_ENUM where H5Tget_size(type) == 1: kind = .boolean
    default: throw .layout(path: path, object: name, reason: "is not a numeric or boolean dataset")
    }
    let count = try elementCount(shape, name)
    let logical = count * max(Int(H5Tget_size(type)), 1)
    guard logical <= 1032 * Int(clamping: H5Dget_storage_size(dataset)) + (1 << 20) else {
      throw .layout(path: path, object: name, reason: "declares \(logical) bytes but stores \(H5Dget_storage_size(dataset))")
    }
    if kind == .boolean { return try booleans(dataset, name: name, shape: shape, count: count, type: type) }
    var values = [Double](repeating: 0, count: count)
    guard count == 0 || H5Dread(dataset, smr_h5t_native_double(), smr_h5s_all(), smr_h5s_all(), smr_h5p_default(), &values) >= 0 else {
      throw fail(name, "cannot be read (truncated or corrupted)")
    }
    return HDF5Array(shape: shape, values: values, kind: kind)
  }

  /// The element count of `shape`, refusing overflow.
  func elementCount(_ shape: [Int], _ name: String) throws(InterchangeError) -> Int {
    var count = 1
    for d in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: d)
      guard !overflow, product < 1 << 40 else { throw .layout(path: path, object: name, reason: "shape \(shape) is too large") }
      count = product
    }
    return count
  }

  /// An 8-bit enum dataset read with its own native type; values must be h5py's FALSE/TRUE (0/1).
  func booleans(_ dataset: hid_t, name: String, shape: [Int], count: Int, type: hid_t) throws(InterchangeError) -> HDF5Array {
    let memory = H5Tget_native_type(type, H5T_DIR_ASCEND)
    defer { H5Tclose(memory) }
    var raw = [Int8](repeating: 0, count: count)
    guard count == 0 || H5Dread(dataset, memory, smr_h5s_all(), smr_h5s_all(), smr_h5p_default(), &raw) >= 0 else {
      throw fail(name, "cannot be read (truncated or corrupted)")
    }
    if let bad = raw.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw .layout(path: path, object: name, reason: "element \(bad) is \(raw[bad]), not a boolean")
    }
    return HDF5Array(shape: shape, values: raw.map { Double($0) }, kind: .boolean)
  }
}

/// A dataset read from an HDF5 file: its shape, values and type class.
struct HDF5Array: Equatable {
  /// The HDF5 type class.
  enum Kind: Equatable { case float, integer, boolean }

  let shape: [Int]
  let values: [Double]
  let kind: Kind
}
