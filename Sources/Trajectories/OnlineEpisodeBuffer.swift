/// Episodes gathered online (for the REINFORCE fine-tuner), kept strictly per episode.
///
/// The running episode is separate from the finished ones, so a policy's context window never
/// mixes the end of one episode with the start of the next (SpikingMindRL's buffer does).
public struct OnlineEpisodeBuffer: Sendable {
  /// How many finished episodes are kept (oldest dropped first).
  public let capacity: Int
  /// Finished episodes, oldest first.
  public private(set) var episodes: [Episode] = []
  private var observations: [[Float]] = []
  private var actions: [[Float]] = []
  private var rewards: [Double] = []

  /// Creates a buffer.
  /// - Parameter capacity: the number of finished episodes to keep, positive.
  public init(capacity: Int) {
    precondition(capacity > 0, "an episode buffer needs a positive capacity")
    self.capacity = capacity
  }

  /// The number of steps of the running episode.
  public var currentLength: Int { rewards.count }

  /// Records one step of the running episode.
  public mutating func append(observation: [Float], action: [Float], reward: Double) {
    observations.append(observation)
    actions.append(action)
    rewards.append(reward)
  }

  /// Closes the running episode and starts a new one.
  /// - Parameters:
  ///   - terminated: whether it ended in a terminal state.
  ///   - truncated: whether it was truncated.
  public mutating func finishEpisode(terminated: Bool, truncated: Bool) {
    guard !rewards.isEmpty else { return }
    episodes.append(
      Episode(observations: observations, actions: actions, rewards: rewards, terminated: terminated, truncated: truncated))
    if episodes.count > capacity { episodes.removeFirst(episodes.count - capacity) }
    observations = []
    actions = []
    rewards = []
  }

  /// The last `contextLength` steps of the running episode only (fewer at its start).
  /// - Returns: observations, actions and rewards, oldest first.
  public func context(_ contextLength: Int) -> (observations: [[Float]], actions: [[Float]], rewards: [Double]) {
    let start = max(0, rewards.count - contextLength)
    return (Array(observations[start...]), Array(actions[start...]), Array(rewards[start...]))
  }
}
