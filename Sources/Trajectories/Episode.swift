/// One recorded episode: the observation before each action, the action, its reward, and how it ended.
public struct Episode: Sendable, Equatable {
  /// Observations `s_0 ... s_{T-1}`, each of the environment's observation length.
  public var observations: [[Float]]
  /// Actions `a_0 ... a_{T-1}` as Float32 vectors (a discrete action `k` is stored as `[Float(k)]`).
  public var actions: [[Float]]
  /// Rewards `r_0 ... r_{T-1}` (Float64 as the environment returned them).
  public var rewards: [Double]
  /// Whether the last step reached a terminal state.
  public var terminated: Bool
  /// Whether the last step was cut by the time limit.
  public var truncated: Bool
  /// The observation after the last step (`s_T`), when it was recorded (Minari stores it).
  public var finalObservation: [Float]?

  /// Creates an episode.
  /// - Parameters:
  ///   - observations: one observation per step.
  ///   - actions: one action per step.
  ///   - rewards: one reward per step.
  ///   - terminated: whether it ended in a terminal state.
  ///   - truncated: whether it was truncated.
  ///   - finalObservation: the observation after the last step, if known.
  public init(
    observations: [[Float]], actions: [[Float]], rewards: [Double], terminated: Bool, truncated: Bool,
    finalObservation: [Float]? = nil
  ) {
    precondition(observations.count == actions.count && actions.count == rewards.count, "one entry per step")
    self.observations = observations
    self.actions = actions
    self.rewards = rewards
    self.terminated = terminated
    self.truncated = truncated
    self.finalObservation = finalObservation
  }

  /// The number of steps.
  public var count: Int { rewards.count }

  /// The undiscounted return.
  public var totalReward: Double { rewards.reduce(0, +) }
}
