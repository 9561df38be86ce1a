/// An action passed to `Environment.step(_:)`: an integer for `Discrete` spaces, a Float32 vector for `Box`.
public enum Action: Sendable, Hashable, CustomStringConvertible {
  /// An element of a `Discrete` space.
  case discrete(Int)
  /// An element of a `Box` space (Float32, like Gymnasium's `Box(..., float32)`).
  case continuous([Float])

  /// `3` or `[0.5, -1.0]`.
  public var description: String {
    switch self {
    case .discrete(let value): "\(value)"
    case .continuous(let values): "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
    }
  }

  /// The kind of action, for error messages: `discrete` or `continuous`.
  public var kind: String {
    switch self {
    case .discrete: "discrete"
    case .continuous: "continuous"
    }
  }
}
