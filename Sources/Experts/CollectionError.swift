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
  /// The medium-replay tier replays a training run, which needs one (`--expert`).
  case needsTrainingRun(environment: String)
  /// Replaying a training run did not reproduce its saved state (another build or machine arithmetic).
  case replayDiverged(path: String, iteration: Int)

  /// One line.
  public var description: String {
    switch self {
    case .noExpert(let environment): "\(environment) registers no expert policy; use --quality random"
    case .environment(let error): error.description
    case .registry(let error): error.description
    case .dataset(let error): error.description
    case .needsTrainingRun(let environment):
      "\(environment): the medium-replay tier replays a train-expert run; pass --expert <its run directory>"
    case .replayDiverged(let path, let iteration):
      "replaying \(path) did not reproduce its state at iteration \(iteration) (trained by another build or machine?)"
    }
  }
}
