/// Errors reading, validating and writing trajectory datasets; each names the file and the field.
public enum DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file cannot be read or written.
  case io(path: String, reason: String)
  /// The ZIP container is malformed (truncated, bad signature, bad offsets, CRC mismatch...).
  case malformedArchive(path: String, reason: String)
  /// An `.npy` member is malformed or uses something this reader refuses (pickled objects...).
  case malformedArray(path: String, field: String, reason: String)
  /// A required array is missing.
  case missingField(path: String, field: String)
  /// An array has the wrong dtype.
  case wrongDType(path: String, field: String, expected: String, found: String)
  /// An array's shape disagrees with the others or with the environment.
  case shapeMismatch(path: String, field: String, expected: String, found: String)
  /// The metadata is missing or not the expected JSON.
  case invalidMetadata(path: String, reason: String)
  /// The content checksum recorded in the metadata does not match the arrays.
  case checksumMismatch(path: String, expected: String, found: String)
  /// Values that violate the format (NaN observations, an action outside the action space...).
  case invalidValue(path: String, field: String, reason: String)

  /// One line naming the file, the field and the problem.
  public var description: String {
    switch self {
    case .io(let path, let reason): "\(path): \(reason)"
    case .malformedArchive(let path, let reason): "\(path): not a valid .npz archive: \(reason)"
    case .malformedArray(let path, let field, let reason): "\(path): array '\(field)': \(reason)"
    case .missingField(let path, let field): "\(path): missing array '\(field)'"
    case .wrongDType(let path, let field, let expected, let found):
      "\(path): array '\(field)' has dtype \(found), expected \(expected)"
    case .shapeMismatch(let path, let field, let expected, let found):
      "\(path): array '\(field)' has shape \(found), expected \(expected)"
    case .invalidMetadata(let path, let reason): "\(path): invalid metadata: \(reason)"
    case .checksumMismatch(let path, let expected, let found):
      "\(path): content checksum \(found) does not match the recorded \(expected) (corrupted file?)"
    case .invalidValue(let path, let field, let reason): "\(path): array '\(field)': \(reason)"
    }
  }
}
