/// Errors of `EnvironmentRegistry`: composing it, resolving ids, making environments.
public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// An id that is not `[namespace/]Name-vN`.
  case malformedID(String)
  /// Two plugin tables register the same id.
  case duplicateID(String)
  /// No spec has this id; `suggestions` are the nearest known ids, `available` all of them.
  case unknownEnvironment(String, suggestions: [String], available: [String])
  /// A `maxEpisodeSteps` override that is not positive.
  case invalidTimeLimit(id: String, value: Int)
  /// The environment's factory rejected the options.
  case environment(EnvironmentError)

  /// One line saying what is wrong and what is known.
  public var description: String {
    switch self {
    case .malformedID(let id):
      "malformed environment id '\(id)': expected Name-vN, e.g. CartPole-v1"
    case .duplicateID(let id):
      "environment id '\(id)' is registered twice"
    case .unknownEnvironment(let id, let suggestions, let available):
      "unknown environment '\(id)'"
        + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: " or "))?")
        + " Known environments: \(available.joined(separator: ", "))"
    case .invalidTimeLimit(let id, let value):
      "\(id): max episode steps must be positive, got \(value)"
    case .environment(let error):
      error.description
    }
  }
}
