extension Space {
  /// Checks an action for the failures every environment rejects the same way.
  ///
  /// Discrete: the kind and the range (also for Acrobot, which Gymnasium does not validate).
  /// Continuous: the kind, the length and finiteness. Out-of-range but finite continuous values pass:
  /// each environment clips them exactly as Gymnasium does.
  /// - Parameters:
  ///   - action: the action to check.
  ///   - environment: the environment's id for the error.
  /// - Throws: `EnvironmentError.actionKindMismatch`, `.actionOutOfRange`, `.actionShapeMismatch`,
  ///   `.nonFiniteAction`.
  @inlinable
  public func validate(_ action: Action, environment: String) throws(EnvironmentError) {
    switch (self, action) {
    case (.discrete(let space), .discrete(let value)):
      guard space.contains(value) else {
        throw .actionOutOfRange(
          environment: environment, action: value,
          valid: space.start...(space.start + space.count - 1))
      }
    case (.box(let space), .continuous(let values)):
      guard values.count == space.count else {
        throw .actionShapeMismatch(
          environment: environment, expected: space.count, received: values.count)
      }
      for index in values.indices where !values[index].isFinite {
        throw .nonFiniteAction(environment: environment, index: index, value: values[index])
      }
    case (.discrete, .continuous), (.box, .discrete):
      throw .actionKindMismatch(
        environment: environment, expected: self.actionKind, received: action.kind)
    }
  }

  /// `discrete` or `continuous`.
  public var actionKind: String {
    switch self {
    case .discrete: "discrete"
    case .box: "continuous"
    }
  }
}

extension Space {
  /// Validates a discrete action and returns its value.
  /// - Parameters:
  ///   - action: the action.
  ///   - environment: the environment's id for the error.
  /// - Returns: the integer action.
  /// - Throws: `EnvironmentError` as `validate(_:environment:)`.
  @inlinable
  public func discreteValue(of action: Action, environment: String) throws(EnvironmentError) -> Int {
    if case .discrete(let space) = self, case .discrete(let value) = action, space.contains(value) {
      return value
    }
    try validate(action, environment: environment)
    throw .actionKindMismatch(environment: environment, expected: actionKind, received: action.kind)
  }

  /// Validates a continuous action (length, finiteness) and returns its values, unclipped.
  /// - Parameters:
  ///   - action: the action.
  ///   - environment: the environment's id for the error.
  /// - Returns: the Float32 values.
  /// - Throws: `EnvironmentError` as `validate(_:environment:)`.
  @inlinable
  public func continuousValues(of action: Action, environment: String) throws(EnvironmentError)
    -> [Float]
  {
    try validate(action, environment: environment)
    guard case .continuous(let values) = action else {
      throw .actionKindMismatch(environment: environment, expected: actionKind, received: action.kind)
    }
    return values
  }
}
