/// The scalar part of a step — reward and flags — returned by the allocation-free
/// `Environment.step(_:writingObservationInto:)`, which writes the observation into a caller buffer.
public struct Transition: Sendable, Equatable {
  /// The reward of the transition.
  public var reward: Double
  /// Whether a terminal state was reached.
  public var terminated: Bool
  /// Whether the episode was truncated.
  public var truncated: Bool
  /// Episode statistics, when an `EpisodeStatistics` wrapper saw the episode end.
  public var episode: EpisodeRecord?

  /// Creates a transition.
  /// - Parameters:
  ///   - reward: the reward.
  ///   - terminated: whether a terminal state was reached.
  ///   - truncated: whether the episode was truncated.
  ///   - episode: episode statistics, if an episode just ended.
  public init(reward: Double, terminated: Bool, truncated: Bool = false, episode: EpisodeRecord? = nil) {
    self.reward = reward
    self.terminated = terminated
    self.truncated = truncated
    self.episode = episode
  }

  /// Whether the episode is over (`terminated || truncated`).
  public var isDone: Bool { terminated || truncated }
}

/// Builds observation arrays from writer functions without zero-filling first.
public enum ObservationArray {
  /// An array of `count` elements filled by `write`.
  /// - Parameters:
  ///   - count: the number of elements.
  ///   - write: fills every element of the buffer.
  /// - Returns: the filled array.
  @inlinable
  public static func make(count: Int, _ write: (UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      buffer.initialize(repeating: 0)
      write(buffer)
      initialized = count
    }
  }
}
