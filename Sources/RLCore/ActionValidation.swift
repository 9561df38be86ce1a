/// Allocation-free action checks for environment hot paths.
///
/// Equivalent to `Space.validate(_:environment:)` but reads only the space's sizes, so a step does not
/// copy the space's bound arrays. The environment name is an autoclosure: it is only built for an error.
public enum ActionValidation {
  /// Validates a discrete action in `start..<start+count` and returns it.
  /// - Parameters:
  ///   - action: the action.
  ///   - count: the number of valid actions.
  ///   - start: the smallest valid action.
  ///   - environment: the environment's id, for the error.
  /// - Returns: the integer action.
  /// - Throws: `EnvironmentError.actionOutOfRange` or `.actionKindMismatch`.
  @inlinable
  public static func discrete(
    _ action: Action, count: Int, start: Int = 0, environment: @autoclosure () -> String
  ) throws(EnvironmentError) -> Int {
    guard case .discrete(let value) = action else {
      throw .actionKindMismatch(environment: environment(), expected: "discrete", received: action.kind)
    }
    guard Discrete(count, start: start).contains(value) else {
      throw .actionOutOfRange(environment: environment(), action: value, valid: start...(start + count - 1))
    }
    return value
  }

  /// Validates a one-element continuous action given as raw values (length 1, finite).
  /// - Parameters:
  ///   - values: the action's values.
  ///   - environment: the environment's id, for the error.
  /// - Returns: the Float32 value, unclipped.
  /// - Throws: `EnvironmentError.actionShapeMismatch` or `.nonFiniteAction`.
  @inlinable
  public static func scalar(_ values: UnsafeBufferPointer<Float>, environment: String) throws(EnvironmentError) -> Float {
    guard values.count == 1 else {
      throw .actionShapeMismatch(environment: environment, expected: 1, received: values.count)
    }
    let value = values[0]
    guard value.isFinite else { throw .nonFiniteAction(environment: environment, index: 0, value: value) }
    return value
  }

  /// Validates a one-element continuous action (length 1, finite) and returns its value, unclipped.
  /// - Parameters:
  ///   - action: the action.
  ///   - environment: the environment's id, for the error.
  /// - Returns: the Float32 value.
  /// - Throws: `EnvironmentError.actionShapeMismatch`, `.nonFiniteAction` or `.actionKindMismatch`.
  @inlinable
  public static func scalar(_ action: Action, environment: @autoclosure () -> String) throws(EnvironmentError)
    -> Float
  {
    guard case .continuous(let values) = action else {
      throw .actionKindMismatch(environment: environment(), expected: "continuous", received: action.kind)
    }
    guard values.count == 1 else {
      throw .actionShapeMismatch(environment: environment(), expected: 1, received: values.count)
    }
    let value = values[0]
    guard value.isFinite else { throw .nonFiniteAction(environment: environment(), index: 0, value: value) }
    return value
  }
}
