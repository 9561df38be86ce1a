/// Errors raised by environments and wrappers; every case names the environment.
public enum EnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A discrete action outside `start..<start+count`.
  case actionOutOfRange(environment: String, action: Int, valid: ClosedRange<Int>)
  /// A discrete action given to a continuous environment, or the reverse.
  case actionKindMismatch(environment: String, expected: String, received: String)
  /// A continuous action of the wrong length.
  case actionShapeMismatch(environment: String, expected: Int, received: Int)
  /// A NaN or infinite continuous action element.
  case nonFiniteAction(environment: String, index: Int, value: Float)
  /// `step` before the first `reset` (Gymnasium's `ResetNeeded`).
  case resetNeeded(environment: String)
  /// `step` or `reset` after `close()`.
  case closed(environment: String)
  /// A constructor or reset option the environment does not know.
  case unknownOption(environment: String, name: String, known: [String])
  /// A constructor or reset option with a bad value.
  case invalidOption(environment: String, name: String, reason: String)
  /// A state vector of the wrong length or with non-finite values.
  case invalidState(environment: String, expected: Int, received: [Double])
  /// The environment does not expose its internal state.
  case stateAccessUnsupported(environment: String)
  /// A file the environment needs (a physics model) is not installed; `remedy` says how to install it.
  case missingAsset(environment: String, path: String, remedy: String)

  /// One line naming the environment and what is wrong.
  public var description: String {
    switch self {
    case .actionOutOfRange(let env, let action, let valid):
      "\(env): action \(action) is outside the action space \(valid.lowerBound)...\(valid.upperBound)"
    case .actionKindMismatch(let env, let expected, let received):
      "\(env): expected a \(expected) action, received a \(received) one"
    case .actionShapeMismatch(let env, let expected, let received):
      "\(env): action dimension mismatch: expected \(expected) values, received \(received)"
    case .nonFiniteAction(let env, let index, let value):
      "\(env): action element \(index) is \(value); actions must be finite"
    case .resetNeeded(let env):
      "\(env): call reset() before step()"
    case .closed(let env):
      "\(env): the environment is closed"
    case .unknownOption(let env, let name, let known):
      "\(env): unknown option '\(name)'; known options: "
        + (known.isEmpty ? "none" : known.sorted().joined(separator: ", "))
    case .invalidOption(let env, let name, let reason):
      "\(env): invalid option '\(name)': \(reason)"
    case .invalidState(let env, let expected, let received):
      "\(env): invalid state \(received): expected \(expected) finite values"
    case .stateAccessUnsupported(let env):
      "\(env): the environment does not expose its internal state"
    case .missingAsset(let env, let path, let remedy):
      "\(env): \(path) is missing; \(remedy)"
    }
  }
}
