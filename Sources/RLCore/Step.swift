/// The result of `Environment.step(_:)`: Gymnasium's `(obs, reward, terminated, truncated, info)`.
public struct Step: Sendable, Equatable {
  /// The observation after the step (Float32, like Gymnasium's observations).
  public var observation: [Float]
  /// The reward of the transition (Float64; Gymnasium returns Python floats).
  public var reward: Double
  /// Whether a terminal state of the MDP was reached.
  public var terminated: Bool
  /// Whether the episode was cut short from outside the MDP (a time limit).
  public var truncated: Bool
  /// Auxiliary information.
  public var info: StepInfo

  /// Creates a step result.
  /// - Parameters:
  ///   - observation: the new observation.
  ///   - reward: the reward.
  ///   - terminated: whether a terminal state was reached.
  ///   - truncated: whether the episode was truncated.
  ///   - info: auxiliary information.
  public init(
    observation: [Float], reward: Double, terminated: Bool, truncated: Bool = false,
    info: StepInfo = StepInfo()
  ) {
    self.observation = observation
    self.reward = reward
    self.terminated = terminated
    self.truncated = truncated
    self.info = info
  }

  /// Whether the episode is over (`terminated || truncated`).
  public var isDone: Bool { terminated || truncated }
}

/// The result of `Environment.reset(seed:options:)`: Gymnasium's `(obs, info)`.
public struct Reset: Sendable, Equatable {
  /// The initial observation.
  public var observation: [Float]
  /// Auxiliary information.
  public var info: StepInfo

  /// Creates a reset result.
  /// - Parameters:
  ///   - observation: the initial observation.
  ///   - info: auxiliary information.
  public init(observation: [Float], info: StepInfo = StepInfo()) {
    self.observation = observation
    self.info = info
  }
}

/// Typed auxiliary information (Gymnasium's `info` dict, without `Any`).
public struct StepInfo: Sendable, Equatable {
  /// Named scalar diagnostics (empty for the classic-control environments, as Gymnasium's `{}`).
  public var metrics: [String: Double]
  /// Episode statistics, set by `EpisodeStatistics` on the step that ends an episode.
  public var episode: EpisodeRecord?

  /// Creates an info value.
  /// - Parameters:
  ///   - metrics: named scalars.
  ///   - episode: episode statistics, if an episode just ended.
  public init(metrics: [String: Double] = Dictionary(), episode: EpisodeRecord? = nil) {
    self.metrics = metrics
    self.episode = episode
  }
}

/// The statistics `RecordEpisodeStatistics` adds when an episode ends (`info["episode"]`).
public struct EpisodeRecord: Sendable, Equatable, Codable {
  /// The undiscounted return `r`.
  public var totalReward: Double
  /// The number of steps `l`.
  public var length: Int
  /// Wall-clock seconds since the reset `t`.
  public var seconds: Double

  /// Creates a record.
  /// - Parameters:
  ///   - totalReward: the return.
  ///   - length: the number of steps.
  ///   - seconds: elapsed wall-clock seconds.
  public init(totalReward: Double, length: Int, seconds: Double) {
    self.totalReward = totalReward
    self.length = length
    self.seconds = seconds
  }
}
