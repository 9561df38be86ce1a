/// A parsed JSON value that keeps numbers exact: integers as `Int`, reals as the correctly rounded
/// `Double`, and Python's `NaN`/`Infinity`/`-Infinity` tokens (gymtrace/1 allows them).
public enum JSONValue: Sendable, Equatable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// An integer literal that fits in `Int`.
  case integer(Int)
  /// A non-negative integer literal above `Int.max` (e.g. 64-bit generator words).
  case unsignedInteger(UInt64)
  /// Any other number.
  case number(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object; key order is kept for writing.
  case object([(String, JSONValue)])

  /// Compares structurally (object keys in order).
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.integer(let a), .integer(let b)): a == b
    case (.unsignedInteger(let a), .unsignedInteger(let b)): a == b
    case (.number(let a), .number(let b)): a == b || (a.isNaN && b.isNaN)
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }

  /// The member named `key` of an object, nil otherwise.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// The value as a real number (integers widen), nil for non-numbers.
  public var doubleValue: Double? {
    switch self {
    case .integer(let value): Double(value)
    case .unsignedInteger(let value): Double(value)
    case .number(let value): value
    default: nil
    }
  }

  /// The value as an integer, nil for non-integers.
  public var intValue: Int? {
    if case .integer(let value) = self { return value }
    return nil
  }

  /// The value as a 64-bit unsigned integer, nil for negative or non-integers.
  public var unsignedValue: UInt64? {
    switch self {
    case .integer(let value) where value >= 0: UInt64(value)
    case .unsignedInteger(let value): value
    default: nil
    }
  }

  /// The value as a string, nil otherwise.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The value as a boolean, nil otherwise.
  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The elements of an array, nil otherwise.
  public var arrayValue: [JSONValue]? {
    if case .array(let value) = self { return value }
    return nil
  }
}
