/// An environment that wraps another and forwards everything it does not change.
///
/// Conformers implement only what they alter (`step`, `reset`, a space); the rest forwards to `inner`.
public protocol EnvironmentWrapper: Environment {
  /// The wrapped environment.
  var inner: any Environment { get set }
}

extension EnvironmentWrapper {
  /// The inner environment's id.
  public var name: String { inner.name }
  /// The inner observation space.
  public var observationSpace: Box { inner.observationSpace }
  /// The inner action space.
  public var actionSpace: Space { inner.actionSpace }
  /// The inner generator.
  public var generator: NumPyGenerator? { inner.generator }
  /// The inner state.
  public var state: [Double] { inner.state }
  /// The inner environment's picture.
  public var scene: Scene? { inner.scene }

  /// Resets the inner environment.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    try inner.reset(seed: seed, options: options)
  }

  /// Steps the inner environment.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try inner.step(action)
  }

  /// Closes the inner environment.
  public mutating func close() { inner.close() }

  /// Sets the inner state.
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    try inner.setState(state)
  }
}
