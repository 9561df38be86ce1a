/// Errors reading or writing safetensors files, named after the reference implementation's.
public enum SafetensorsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file cannot be read or written.
  case io(path: String, reason: String)
  /// Fewer than 8 bytes.
  case headerTooSmall(size: Int)
  /// The header length exceeds 100,000,000 bytes.
  case headerTooLarge(length: UInt64)
  /// `8 + header length` overflows or exceeds the file.
  case invalidHeaderLength(length: UInt64, fileSize: Int)
  /// The header is not UTF-8 JSON of the expected form.
  case invalidHeader(reason: String)
  /// A dtype this toolkit does not handle (F32, I64 and BOOL are accepted).
  case unsupportedDType(tensor: String, dtype: String)
  /// Offsets not contiguous from 0, overlapping, or reversed.
  case invalidOffset(tensor: String)
  /// `prod(shape) × itemsize` overflows.
  case validationOverflow(tensor: String)
  /// The byte range does not match the shape.
  case tensorInvalidInfo(tensor: String, expectedBytes: Int, actualBytes: Int)
  /// The buffer does not end exactly at the end of the file (trailing bytes or truncation).
  case metadataIncompleteBuffer(expected: Int, actual: Int)

  /// One line naming the problem.
  public var description: String {
    switch self {
    case .io(let path, let reason): "\(path): \(reason)"
    case .headerTooSmall(let size): "safetensors: file of \(size) bytes is shorter than the 8-byte header length"
    case .headerTooLarge(let length): "safetensors: header of \(length) bytes exceeds 100000000"
    case .invalidHeaderLength(let length, let size): "safetensors: header length \(length) does not fit a file of \(size) bytes"
    case .invalidHeader(let reason): "safetensors: invalid header: \(reason)"
    case .unsupportedDType(let tensor, let dtype): "safetensors: tensor '\(tensor)' has unsupported dtype \(dtype)"
    case .invalidOffset(let tensor): "safetensors: tensor '\(tensor)' has invalid offsets (gap, overlap or order)"
    case .validationOverflow(let tensor): "safetensors: tensor '\(tensor)' size overflows"
    case .tensorInvalidInfo(let tensor, let expected, let actual):
      "safetensors: tensor '\(tensor)' needs \(expected) bytes, its offsets span \(actual)"
    case .metadataIncompleteBuffer(let expected, let actual):
      "safetensors: data ends at byte \(expected) but the file has \(actual) (trailing bytes or truncation)"
    }
  }
}
