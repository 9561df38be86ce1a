/// Clips continuous actions into the inner action box before stepping (Gymnasium's `ClipAction`).
///
/// The exposed action space becomes `Box(-inf, inf)` of the same shape. Discrete actions pass through.
public struct ClipAction: EnvironmentWrapper {
  /// The wrapped environment.
  public var inner: any Environment

  /// Wraps an environment.
  /// - Parameter inner: the environment whose actions to clip.
  public init(_ inner: any Environment) {
    self.inner = inner
  }

  /// An unbounded box of the inner shape (discrete spaces are unchanged).
  public var actionSpace: Space {
    guard case .box(let box) = inner.actionSpace else { return inner.actionSpace }
    return .box(Box(low: -.infinity, high: .infinity, shape: box.shape))
  }

  /// Clips the action with `np.clip(action, low, high)` and steps the inner environment.
  /// - Throws: `EnvironmentError.actionShapeMismatch` for a wrong length, or the inner errors.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    guard case .box(let box) = inner.actionSpace, case .continuous(let values) = action else {
      return try inner.step(action)
    }
    guard values.count == box.count else {
      throw .actionShapeMismatch(environment: name, expected: box.count, received: values.count)
    }
    return try inner.step(.continuous(box.clip(values)))
  }
}
