import Foundation

/// Records each episode's return, length and duration (Gymnasium's `RecordEpisodeStatistics`).
///
/// On the step that ends an episode (`terminated || truncated`) the step's `info.episode` holds the
/// statistics, and they are appended to `returns`, `lengths` and `durations` (the last
/// `bufferLength` episodes).
public struct EpisodeStatistics: EnvironmentWrapper {
  /// The wrapped environment.
  public var inner: any Environment
  /// How many finished episodes the queues keep.
  public let bufferLength: Int
  /// Returns of the most recent episodes, oldest first.
  public private(set) var returns: [Double] = []
  /// Lengths of the most recent episodes, oldest first.
  public private(set) var lengths: [Int] = []
  /// Wall-clock durations (seconds) of the most recent episodes, oldest first.
  public private(set) var durations: [Double] = []
  private var episodeReturn = 0.0
  private var episodeLength = 0
  private var episodeStart = ContinuousClock.now

  /// Wraps an environment.
  /// - Parameters:
  ///   - inner: the environment to observe.
  ///   - bufferLength: how many episodes to keep, positive (Gymnasium: 100).
  public init(_ inner: any Environment, bufferLength: Int = 100) {
    precondition(bufferLength > 0, "EpisodeStatistics needs a positive buffer length")
    self.inner = inner
    self.bufferLength = bufferLength
  }

  /// Resets the inner environment and the running episode.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    let result = try inner.reset(seed: seed, options: options)
    episodeReturn = 0
    episodeLength = 0
    episodeStart = ContinuousClock.now
    return result
  }

  /// Steps the inner environment and records a finished episode.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    var result = try inner.step(action)
    episodeReturn += result.reward
    episodeLength += 1
    if result.isDone {
      let elapsed = ContinuousClock.now - episodeStart
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      let record = EpisodeRecord(
        totalReward: episodeReturn, length: episodeLength, seconds: (seconds * 1e6).rounded() / 1e6)
      result.info.episode = record
      append(record)
    }
    return result
  }

  private mutating func append(_ record: EpisodeRecord) {
    returns.append(record.totalReward)
    lengths.append(record.length)
    durations.append(record.seconds)
    if returns.count > bufferLength {
      returns.removeFirst()
      lengths.removeFirst()
      durations.removeFirst()
    }
  }
}
