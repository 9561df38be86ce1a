import Foundation
public import TensorEngine

/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length, a
/// UTF-8 JSON header `{name: {dtype, shape, data_offsets}, "__metadata__": {str: str}}`, then the data.
///
/// The reader validates like the reference implementation: header length ≤ 100 MB and inside the
/// file, UTF-8 JSON object, string-only `__metadata__`, F32 tensors only, offsets contiguous from 0 with
/// no gap or overlap, sizes equal to `prod(shape)·4` with overflow checks, and no trailing bytes. The
/// writer pads the header with spaces to a multiple of 8 and writes a temporary sibling, then renames.
public enum Safetensors {
  static let maximumHeaderSize: UInt64 = 100_000_000

  /// The contents of a file: named tensors (in offset order) and string metadata.
  public struct Contents: Sendable, Equatable {
    /// Tensors in file order.
    public var tensors: [(name: String, tensor: Tensor)]
    /// The `__metadata__` strings.
    public var metadata: [String: String]

    /// Creates contents.
    public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
      self.tensors = tensors
      self.metadata = metadata
    }

    /// Compares names, tensors and metadata.
    public static func == (lhs: Contents, rhs: Contents) -> Bool {
      lhs.metadata == rhs.metadata && lhs.tensors.count == rhs.tensors.count
        && zip(lhs.tensors, rhs.tensors).allSatisfy { $0.name == $1.name && $0.tensor == $1.tensor }
    }
  }

  /// The bytes of a safetensors file.
  public static func encode(_ contents: Contents) throws(SafetensorsError) -> [UInt8] {
    var header: [String: Any] = [:]
    var offset = 0
    for (name, tensor) in contents.tensors {
      header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + tensor.count * 4]]
      offset += tensor.count * 4
    }
    if !contents.metadata.isEmpty { header["__metadata__"] = contents.metadata }
    var json: [UInt8]
    do {
      json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
    } catch {
      throw .invalidHeader(reason: "cannot encode: \(error)")
    }
    json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
    var bytes = [UInt8]()
    bytes.reserveCapacity(8 + json.count + offset)
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
    bytes += json
    for (_, tensor) in contents.tensors {
      for value in tensor.scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    }
    return bytes
  }

  /// Writes a file atomically (temporary sibling, then rename).
  public static func write(_ contents: Contents, to path: String) throws(SafetensorsError) {
    let bytes = try encode(contents)
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw .io(path: path, reason: "cannot write: \(error.localizedDescription)")
    }
  }

  /// Reads and validates a file.
  public static func read(_ path: String) throws(SafetensorsError) -> Contents {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .io(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read" : "no such file")
    }
    return try decode([UInt8](data))
  }
}
