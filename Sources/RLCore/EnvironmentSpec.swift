/// One registry entry: how to build an environment and what Gymnasium's `EnvSpec` says about it.
///
/// A plugin exports a table of these (`ClassicControl.specs`); the application composes one
/// `EnvironmentRegistry` from the tables it links.
public struct EnvironmentSpec: Sendable {
  /// The id, `Name-vN` (versions are mandatory in a spec).
  public let id: String
  /// The `TimeLimit` that `make` applies, nil for none.
  public let maxEpisodeSteps: Int?
  /// The return at which the task counts as solved, if Gymnasium defines one.
  public let rewardThreshold: Double?
  /// Whether the same seed and actions always give the same episode.
  public let isDeterministic: Bool
  /// Constructor options this id applies by default (e.g. `continuous=true` for a variant id).
  public let defaultOptions: Options
  /// A one-line description for listings.
  public let summary: String
  /// The environment's expert policy, if the plugin provides one.
  public let expert: ExpertSpec?
  /// Builds the raw environment from merged options.
  public let makeEnvironment: @Sendable (Options) throws(EnvironmentError) -> any Environment

  /// Creates a spec.
  /// - Parameters:
  ///   - id: `Name-vN`.
  ///   - maxEpisodeSteps: the default time limit.
  ///   - rewardThreshold: the solved threshold.
  ///   - isDeterministic: whether episodes are reproducible from the seed.
  ///   - defaultOptions: constructor options merged under the caller's.
  ///   - summary: a one-line description.
  ///   - expert: the expert registration.
  ///   - makeEnvironment: the factory; it must reject unknown options with `.unknownOption`.
  public init(
    id: String, maxEpisodeSteps: Int?, rewardThreshold: Double?, isDeterministic: Bool = true,
    defaultOptions: Options = [:], summary: String = "", expert: ExpertSpec? = nil,
    makeEnvironment: @escaping @Sendable (Options) throws(EnvironmentError) -> any Environment
  ) {
    self.id = id
    self.maxEpisodeSteps = maxEpisodeSteps
    self.rewardThreshold = rewardThreshold
    self.isDeterministic = isDeterministic
    self.defaultOptions = defaultOptions
    self.summary = summary
    self.expert = expert
    self.makeEnvironment = makeEnvironment
  }
}
