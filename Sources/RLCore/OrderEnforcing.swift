/// Refuses `step` before the first `reset` and any call after `close` (Gymnasium's `OrderEnforcing`).
///
/// Stepping after termination is not blocked, as in Gymnasium: each environment documents what it does.
public struct OrderEnforcing: EnvironmentWrapper {
  /// The wrapped environment.
  public var inner: any Environment
  /// Whether `reset` has been called.
  public private(set) var hasReset = false
  /// Whether `close` has been called.
  public private(set) var isClosed = false

  /// Wraps an environment.
  /// - Parameter inner: the environment to guard.
  public init(_ inner: any Environment) {
    self.inner = inner
  }

  /// Resets the inner environment.
  /// - Throws: `EnvironmentError.closed` after `close()`, or the inner environment's errors.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    guard !isClosed else { throw .closed(environment: name) }
    let result = try inner.reset(seed: seed, options: options)
    hasReset = true
    return result
  }

  /// Steps the inner environment.
  /// - Throws: `.resetNeeded` before the first reset, `.closed` after `close()`, or the inner errors.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    guard !isClosed else { throw .closed(environment: name) }
    guard hasReset else { throw .resetNeeded(environment: name) }
    return try inner.step(action)
  }

  /// The allocation-free step, with the same ordering checks.
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    guard !isClosed else { throw .closed(environment: name) }
    guard hasReset else { throw .resetNeeded(environment: name) }
    return try inner.step(action, writingObservationInto: observation)
  }

  /// Closes the inner environment once; later calls do nothing.
  public mutating func close() {
    guard !isClosed else { return }
    isClosed = true
    inner.close()
  }

  /// Sets the inner state; counts as a reset for ordering (the episode can be stepped from it).
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    guard !isClosed else { throw .closed(environment: name) }
    try inner.setState(state)
    hasReset = true
  }
}
