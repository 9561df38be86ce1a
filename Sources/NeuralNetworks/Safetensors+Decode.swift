import Foundation
import TensorEngine

extension Safetensors {
  /// Validates and decodes the bytes of a safetensors file.
  public static func decode(_ bytes: [UInt8]) throws(SafetensorsError) -> Contents {
    guard bytes.count >= 8 else { throw .headerTooSmall(size: bytes.count) }
    var length: UInt64 = 0
    for index in 0..<8 { length |= UInt64(bytes[index]) << UInt64(8 * index) }
    guard length <= maximumHeaderSize else { throw .headerTooLarge(length: length) }
    let headerEnd = 8 + Int(length)
    guard headerEnd <= bytes.count else { throw .invalidHeaderLength(length: length, fileSize: bytes.count) }
    guard let text = String(validating: bytes[8..<headerEnd], as: UTF8.self) else {
      throw .invalidHeader(reason: "not UTF-8")
    }
    guard text.first == "{" else { throw .invalidHeader(reason: "does not start with '{'") }
    let object: [String: Any]
    do {
      guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw SafetensorsError.invalidHeader(reason: "not a JSON object")
      }
      object = parsed
    } catch let error as SafetensorsError {
      throw error
    } catch {
      throw .invalidHeader(reason: "not JSON")
    }
    let metadata = try decodeMetadata(object["__metadata__"])
    let entries = try decodeEntries(object)
    let buffer = bytes.count - headerEnd
    var expectedStart = 0
    var tensors: [(name: String, tensor: Tensor)] = []
    var integers: [(name: String, tensor: IntegerTensor)] = []
    for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
      guard entry.begin == expectedStart, entry.end >= entry.begin else { throw .invalidOffset(tensor: entry.name) }
      var elements = 1
      for dimension in entry.shape {
        let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
        guard !overflow else { throw .validationOverflow(tensor: entry.name) }
        elements = product
      }
      let (size, overflow) = elements.multipliedReportingOverflow(by: entry.dtype?.size ?? 4)
      guard !overflow else { throw .validationOverflow(tensor: entry.name) }
      guard entry.end - entry.begin == size else {
        throw .tensorInvalidInfo(tensor: entry.name, expectedBytes: size, actualBytes: entry.end - entry.begin)
      }
      guard entry.end <= buffer else { throw .metadataIncompleteBuffer(expected: headerEnd + entry.end, actual: bytes.count) }
      let start = headerEnd + entry.begin
      if let dtype = entry.dtype {
        let values = (0..<elements).map { index -> Int64 in
          guard dtype == .i64 else { return Int64(bytes[start + index]) }
          var bits: UInt64 = 0
          for byte in 0..<8 { bits |= UInt64(bytes[start + 8 * index + byte]) << UInt64(8 * byte) }
          return Int64(bitPattern: bits)
        }
        if dtype == .bool, let bad = values.first(where: { $0 > 1 }) {
          throw .invalidHeader(reason: "tensor '\(entry.name)' is BOOL but holds the byte \(bad)")
        }
        integers.append((entry.name, IntegerTensor(dtype: dtype, shape: entry.shape, values: values)))
      } else {
        let scalars = (0..<elements).map { index -> Float in
          var bits: UInt32 = 0
          for byte in 0..<4 { bits |= UInt32(bytes[start + 4 * index + byte]) << UInt32(8 * byte) }
          return Float(bitPattern: bits)
        }
        tensors.append((entry.name, Tensor(shape: entry.shape, scalars: scalars)))
      }
      expectedStart = entry.end
    }
    guard expectedStart == buffer else {
      throw .metadataIncompleteBuffer(expected: headerEnd + expectedStart, actual: bytes.count)
    }
    return Contents(tensors: tensors, integers: integers, metadata: metadata)
  }

  struct Entry {
    let name: String
    /// nil for F32.
    let dtype: IntegerTensor.DType?
    let shape: [Int]
    let begin: Int
    let end: Int
  }

  static func decodeMetadata(_ value: Any?) throws(SafetensorsError) -> [String: String] {
    guard let value else { return [:] }
    guard let dictionary = value as? [String: Any] else { throw .invalidHeader(reason: "__metadata__ is not an object") }
    var metadata: [String: String] = [:]
    for (key, entry) in dictionary {
      guard let text = entry as? String else { throw .invalidHeader(reason: "__metadata__ value for '\(key)' is not a string") }
      metadata[key] = text
    }
    return metadata
  }

  static func decodeEntries(_ object: [String: Any]) throws(SafetensorsError) -> [Entry] {
    var entries: [Entry] = []
    for (name, value) in object where name != "__metadata__" {
      guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
        let shape = info["shape"] as? [Any], let offsets = info["data_offsets"] as? [Any], offsets.count == 2
      else { throw .invalidHeader(reason: "entry '\(name)' needs dtype, shape and two data_offsets") }
      guard dtype == "F32" || IntegerTensor.DType(rawValue: dtype) != nil else { throw .unsupportedDType(tensor: name, dtype: dtype) }
      let dimensions = shape.compactMap { ($0 as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
      let bounds = offsets.compactMap { ($0 as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
      guard dimensions.count == shape.count, dimensions.allSatisfy({ $0 >= 0 }), bounds.count == 2,
        bounds.allSatisfy({ $0 >= 0 })
      else { throw .invalidHeader(reason: "entry '\(name)' has a non-integer shape or offset") }
      entries.append(Entry(name: name, dtype: IntegerTensor.DType(rawValue: dtype), shape: dimensions, begin: bounds[0], end: bounds[1]))
    }
    return entries
  }
}
