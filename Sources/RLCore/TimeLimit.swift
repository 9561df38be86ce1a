/// Truncates episodes after a fixed number of steps (Gymnasium's `TimeLimit`).
///
/// `reset` zeroes the step counter; every `step` increments it and sets `truncated = true` once
/// `elapsedSteps >= maxEpisodeSteps` (OR-ed with the inner flag, so it can coincide with
/// `terminated`). Stepping on is allowed and keeps reporting `truncated = true`.
public struct TimeLimit: EnvironmentWrapper {
  /// The wrapped environment.
  public var inner: any Environment
  /// The step budget of an episode.
  public let maxEpisodeSteps: Int
  /// Steps taken since the last reset.
  public private(set) var elapsedSteps = 0

  /// Wraps an environment.
  /// - Parameters:
  ///   - inner: the environment to limit.
  ///   - maxEpisodeSteps: the budget, positive.
  public init(_ inner: any Environment, maxEpisodeSteps: Int) {
    precondition(maxEpisodeSteps > 0, "TimeLimit needs a positive budget")
    self.inner = inner
    self.maxEpisodeSteps = maxEpisodeSteps
  }

  /// Resets the inner environment and the step counter.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    let result = try inner.reset(seed: seed, options: options)
    elapsedSteps = 0
    return result
  }

  /// Steps the inner environment and applies the time limit.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    var result = try inner.step(action)
    elapsedSteps += 1
    if elapsedSteps >= maxEpisodeSteps { result.truncated = true }
    return result
  }

  /// The allocation-free step with the time limit applied.
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    var result = try inner.step(action, writingObservationInto: observation)
    elapsedSteps += 1
    if elapsedSteps >= maxEpisodeSteps { result.truncated = true }
    return result
  }
}
