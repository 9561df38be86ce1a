public import RLCore
public import Trajectories

/// Errors of expert collection; each names the environment or wraps the underlying error.
public enum CollectionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The environment registers no expert policy.
  case noExpert(environment: String)
  /// The environment rejected something.
  case environment(EnvironmentError)
  /// The registry rejected the id or options.
  case registry(RegistryError)
  /// Writing the dataset failed.
  case dataset(DatasetError)

  /// One line.
  public var description: String {
    switch self {
    case .noExpert(let environment): "\(environment) registers no expert policy; use --quality random"
    case .environment(let error): error.description
    case .registry(let error): error.description
    case .dataset(let error): error.description
    }
  }
}
