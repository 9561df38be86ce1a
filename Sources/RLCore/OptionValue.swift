/// A typed constructor or reset option value (Gymnasium's keyword arguments, without `Any`).
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
  /// A boolean, e.g. `sutton_barto_reward`.
  case bool(Bool)
  /// An integer.
  case int(Int)
  /// A real number, e.g. `goal_velocity` or `g`.
  case double(Double)
  /// A string, e.g. `kinematics_integrator`.
  case string(String)

  /// Parses command-line text: `true`/`false`, an integer, a real number, or else a string.
  /// - Parameter text: the text after `name=`.
  public init(parsing text: String) {
    switch text.lowercased() {
    case "true": self = .bool(true)
    case "false": self = .bool(false)
    default:
      if let value = Int(text) {
        self = .int(value)
      } else if let value = Double(text) {
        self = .double(value)
      } else {
        self = .string(text)
      }
    }
  }

  /// The value as a real number, if it is numeric (integers widen exactly as Python's `float(int)`).
  public var doubleValue: Double? {
    switch self {
    case .double(let value): value
    case .int(let value): Double(value)
    case .bool, .string: nil
    }
  }

  /// The value as a boolean, if it is one.
  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The value as a string, if it is one.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The value as written on a command line.
  public var description: String {
    switch self {
    case .bool(let value): "\(value)"
    case .int(let value): "\(value)"
    case .double(let value): "\(value)"
    case .string(let value): value
    }
  }
}

/// Named option values: constructor arguments (`env_kwargs`) or reset options.
public typealias Options = [String: OptionValue]
