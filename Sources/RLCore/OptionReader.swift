/// Reads typed constructor or reset options, rejecting unknown names and ill-typed values.
public struct OptionReader: Sendable {
  /// The environment id for errors.
  public let environment: String
  /// The options being read.
  public let options: Options

  /// Checks that every option name is known.
  /// - Parameters:
  ///   - options: the options.
  ///   - environment: the environment id for errors.
  ///   - known: the accepted names.
  /// - Throws: `EnvironmentError.unknownOption` naming the first unknown option.
  public init(_ options: Options, environment: String, known: [String]) throws(EnvironmentError) {
    for name in options.keys.sorted() where !known.contains(name) {
      throw .unknownOption(environment: environment, name: name, known: known)
    }
    self.environment = environment
    self.options = options
  }

  /// A finite real option (integers are accepted and widened, as Python's `float(x)`).
  /// - Parameters:
  ///   - name: the option name.
  ///   - defaultValue: the value when absent.
  /// - Returns: the value.
  /// - Throws: `EnvironmentError.invalidOption` for a non-number or a non-finite number.
  public func double(_ name: String, default defaultValue: Double) throws(EnvironmentError) -> Double {
    guard let value = options[name] else { return defaultValue }
    guard let number = value.doubleValue, number.isFinite else {
      throw .invalidOption(
        environment: environment, name: name, reason: "expected a finite number, got \(value)")
    }
    return number
  }

  /// A boolean option.
  /// - Parameters:
  ///   - name: the option name.
  ///   - defaultValue: the value when absent.
  /// - Returns: the value.
  /// - Throws: `EnvironmentError.invalidOption` for a non-boolean.
  public func bool(_ name: String, default defaultValue: Bool) throws(EnvironmentError) -> Bool {
    guard let value = options[name] else { return defaultValue }
    guard let flag = value.boolValue else {
      throw .invalidOption(
        environment: environment, name: name, reason: "expected true or false, got \(value)")
    }
    return flag
  }

  /// A string option, or `defaultValue` when absent.
  /// - Parameters:
  ///   - name: the option.
  ///   - defaultValue: the value when absent.
  /// - Returns: the value.
  /// - Throws: `EnvironmentError.invalidOption` for a non-string.
  public func string(_ name: String, default defaultValue: String?) throws(EnvironmentError) -> String? {
    guard let value = options[name] else { return defaultValue }
    guard let text = value.stringValue else {
      throw .invalidOption(environment: environment, name: name, reason: "expected a string, got \(value)")
    }
    return text
  }

  /// Reset bounds `low`/`high` as Gymnasium's `maybe_parse_reset_bounds`: numbers with `low <= high`.
  /// - Parameters:
  ///   - defaultLow: the lower bound when `low` is absent.
  ///   - defaultHigh: the upper bound when `high` is absent.
  /// - Returns: the bounds.
  /// - Throws: `EnvironmentError.invalidOption` for a non-number or `low > high`.
  public func resetBounds(defaultLow: Double, defaultHigh: Double) throws(EnvironmentError) -> (
    low: Double, high: Double
  ) {
    let low = try double("low", default: defaultLow)
    let high = try double("high", default: defaultHigh)
    guard low <= high else {
      throw .invalidOption(
        environment: environment, name: "low",
        reason: "lower bound (\(low)) must be lower than higher bound (\(high))")
    }
    return (low, high)
  }
}
