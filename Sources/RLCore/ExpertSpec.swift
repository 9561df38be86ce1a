/// How a plugin registers the expert policy of an environment, with what dataset tiers need to know.
public struct ExpertSpec: Sendable {
  /// A short name recorded in dataset metadata, e.g. `cartpole-linear`.
  public let name: String
  /// One line on how the expert works.
  public let summary: String
  /// The probability of replacing the expert's action by a uniform random one in the `medium` tier,
  /// tuned so the medium mean return is about halfway between random and expert.
  public let mediumNoise: Double
  /// Mean return of the uniform random policy over seeds 0..<100 (the normalised score's 0).
  public let randomReturn: Double
  /// Mean return of this expert over seeds 0..<100 (the normalised score's 100).
  public let expertReturn: Double
  /// Builds the expert for an environment made with the given constructor options.
  public let makePolicy: @Sendable (Options) throws(EnvironmentError) -> any Policy
  /// Builds Gymnasium's own heuristic with Gymnasium's constants, where the environment ships one (LunarLander,
  /// BipedalWalker), so returns can be compared with Gymnasium's on any seeds; nil elsewhere.
  public let makeReference: (@Sendable (Options) throws(EnvironmentError) -> any Policy)?

  /// Creates an expert registration.
  /// - Parameters:
  ///   - name: the name recorded in datasets.
  ///   - summary: how it works.
  ///   - mediumNoise: the medium tier's random-action probability.
  ///   - randomReturn: the random policy's reference return.
  ///   - expertReturn: the expert's reference return.
  ///   - makeReference: the factory of Gymnasium's reference heuristic, if the environment has one.
  ///   - makePolicy: the factory.
  public init(
    name: String, summary: String, mediumNoise: Double, randomReturn: Double, expertReturn: Double,
    makeReference: (@Sendable (Options) throws(EnvironmentError) -> any Policy)? = nil,
    makePolicy: @escaping @Sendable (Options) throws(EnvironmentError) -> any Policy
  ) {
    self.makeReference = makeReference
    self.name = name
    self.summary = summary
    self.mediumNoise = mediumNoise
    self.randomReturn = randomReturn
    self.expertReturn = expertReturn
    self.makePolicy = makePolicy
  }

  /// A normalised score: 0 for the random policy, 100 for the expert (D4RL's convention).
  /// - Parameter totalReward: an episode return.
  /// - Returns: `100 · (return − random) / (expert − random)`.
  public func normalizedScore(_ totalReward: Double) -> Double {
    100 * (totalReward - randomReturn) / (expertReturn - randomReturn)
  }
}
