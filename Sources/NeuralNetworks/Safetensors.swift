import Foundation
public import TensorEngine

/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length, a
/// UTF-8 JSON header `{name: {dtype, shape, data_offsets}, "__metadata__": {str: str}}`, then the data.
///
/// The reader validates like the reference implementation: header length ≤ 100 MB and inside the
/// file, UTF-8 JSON object, string-only `__metadata__`, F32, I64 and BOOL tensors, offsets contiguous from 0 with
/// no gap or overlap, sizes equal to `prod(shape)·4` with overflow checks, and no trailing bytes. The
/// writer pads the header with spaces to a multiple of 8 and writes a temporary sibling, then renames.
public enum Safetensors {
  static let maximumHeaderSize: UInt64 = 100_000_000

  /// An integer tensor: PyTorch's int64 buffers (counters) or booleans (masks), as `Int64` values.
  public struct IntegerTensor: Sendable, Equatable {
    /// The element type in the file.
    public enum DType: String, Sendable, Equatable {
      /// 8-byte little-endian signed integers (`torch.long`).
      case i64 = "I64"
      /// One byte per element, 0 or 1 (`torch.bool`).
      case bool = "BOOL"

      var size: Int { self == .i64 ? 8 : 1 }
    }

    /// The element type.
    public let dtype: DType
    /// The extents (`[]` for a scalar).
    public let shape: [Int]
    /// The elements in row-major order.
    public let values: [Int64]

    /// Creates an integer tensor.
    public init(dtype: DType, shape: [Int], values: [Int64]) {
      precondition(shape.reduce(1, *) == values.count, "shape \(shape) needs \(shape.reduce(1, *)) values")
      self.dtype = dtype
      self.shape = shape
      self.values = values
    }
  }

  /// The contents of a file: named tensors (in offset order) and string metadata.
  public struct Contents: Sendable, Equatable {
    /// Float32 tensors in file order.
    public var tensors: [(name: String, tensor: Tensor)]
    /// Integer and boolean tensors in file order (written after the Float32 ones).
    public var integers: [(name: String, tensor: IntegerTensor)]
    /// The `__metadata__` strings.
    public var metadata: [String: String]

    /// Creates contents.
    public init(
      tensors: [(name: String, tensor: Tensor)], integers: [(name: String, tensor: IntegerTensor)] = [],
      metadata: [String: String] = [:]
    ) {
      self.tensors = tensors
      self.integers = integers
      self.metadata = metadata
    }

    /// Compares names, tensors and metadata.
    public static func == (lhs: Contents, rhs: Contents) -> Bool {
      lhs.metadata == rhs.metadata && lhs.tensors.count == rhs.tensors.count && lhs.integers.count == rhs.integers.count
        && zip(lhs.tensors, rhs.tensors).allSatisfy { $0.name == $1.name && $0.tensor == $1.tensor }
        && zip(lhs.integers, rhs.integers).allSatisfy { $0.name == $1.name && $0.tensor == $1.tensor }
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
    for (name, tensor) in contents.integers {
      let size = tensor.values.count * tensor.dtype.size
      header[name] = ["dtype": tensor.dtype.rawValue, "shape": tensor.shape, "data_offsets": [offset, offset + size]]
      offset += size
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
    for (_, tensor) in contents.integers {
      for value in tensor.values {
        if tensor.dtype == .bool { bytes.append(value != 0 ? 1 : 0) } else { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
      }
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
