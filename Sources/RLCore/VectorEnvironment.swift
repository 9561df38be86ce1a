import Parallelism
/// N copies of an environment stepped in lock-step, with Gymnasium 1.x `NEXT_STEP` autoreset.
///
/// When copy *i* ends (terminated or truncated) at call *t*, its observation at *t* is the final
/// one; at call *t + 1* its action is ignored, it is reset without a seed (its generator continues)
/// and the reset observation is returned with reward 0 and both flags false. `reset(seed: s)` seeds
/// copy *i* with `s + i`, as `SyncVectorEnv` does. Built from a spec, the copies are raw environments
/// and the vector applies the spec's time limit itself (per-copy step counters, zeroed on every
/// reset), like Gymnasium's `CartPoleVectorEnv`; built from a factory, the copies keep their own
/// wrappers. With `threads > 1` the copies are split into contiguous blocks stepped on persistent
/// worker threads — when a call's work pays for the hand-off: the time of a serial call is measured and
/// the threads are used only above `ThreadingDecision.threshold` — every copy owns its state and
/// generator, so results are identical to one thread.
public struct VectorEnvironment: Sendable {
  /// The autoreset mode, declared as in Gymnasium's `metadata["autoreset_mode"]`.
  public let autoresetMode = "NEXT_STEP"
  /// The copies.
  public internal(set) var copies: [any Environment]
  /// How many threads `step` uses.
  public let threads: Int
  /// The time limit the vector applies to each copy (nil when the copies carry their own).
  public let maxEpisodeSteps: Int?
  /// The observation dimension of one copy.
  public let observationCount: Int
  /// Steps since each copy's reset, or `VectorEnvironment.endedMarker` when the copy ended on the
  /// previous call and is reset on the next one (one Int per copy, so two threads share at most one
  /// cache line of it).
  var elapsedSteps: [Int]
  var hasReset = false
  let pool: WorkerPool?
  /// Whether a call pays for the hand-off to the threads (measured; see `ThreadingDecision`).
  var threading = ThreadingDecision()

  /// Creates a vector environment of pre-built (usually `make`d, wrapped) copies.
  /// - Parameters:
  ///   - count: the number of copies, positive.
  ///   - threads: threads to split the copies across (clamped to 1...count).
  ///   - make: builds one copy (normally `registry.make(id)`).
  /// - Throws: whatever `make` throws.
  public init(
    count: Int, threads: Int = 1, make: () throws(RegistryError) -> any Environment
  ) throws(RegistryError) {
    precondition(count > 0, "a vector environment needs at least one copy")
    var copies: [any Environment] = []
    for _ in 0..<count { copies.append(try make()) }
    self.init(copies: copies, threads: threads, maxEpisodeSteps: nil)
  }

  /// Creates a vector environment of raw copies built from a spec, with the spec's time limit.
  /// - Parameters:
  ///   - spec: the environment spec.
  ///   - options: constructor options merged over the spec's defaults.
  ///   - count: the number of copies, positive.
  ///   - threads: threads to split the copies across (clamped to 1...count).
  ///   - maxEpisodeSteps: overrides the spec's time limit.
  /// - Throws: `RegistryError.environment` when the factory rejects the options.
  public init(
    spec: EnvironmentSpec, options: Options = [:], count: Int, threads: Int = 1, maxEpisodeSteps: Int? = nil
  ) throws(RegistryError) {
    precondition(count > 0, "a vector environment needs at least one copy")
    let merged = spec.defaultOptions.merging(options) { _, new in new }
    var copies: [any Environment] = []
    do {
      for _ in 0..<count { copies.append(try spec.makeEnvironment(merged)) }
    } catch {
      throw .environment(error)
    }
    let limit = maxEpisodeSteps ?? spec.maxEpisodeSteps
    if let limit, limit <= 0 { throw .invalidTimeLimit(id: spec.id, value: limit) }
    self.init(copies: copies, threads: threads, maxEpisodeSteps: limit)
  }

  private init(copies: [any Environment], threads: Int, maxEpisodeSteps: Int?) {
    self.copies = copies
    self.threads = min(max(threads, 1), copies.count)
    self.maxEpisodeSteps = maxEpisodeSteps
    elapsedSteps = Array(repeating: 0, count: copies.count)
    observationCount = copies[0].observationSpace.count
    pool = self.threads > 1 ? WorkerPool(threads: self.threads) : nil
  }

  /// The number of copies.
  public var count: Int { copies.count }

  /// The `elapsedSteps` value of a copy that ended and is reset on the next call.
  static let endedMarker = -1

  /// Resets every copy; a seed `s` seeds copy *i* with `s + i`.
  /// - Parameter seed: the base seed, or nil to continue each copy's generator.
  /// - Returns: the observations, row-major `(count, observationCount)`.
  /// - Throws: the copies' errors.
  public mutating func reset(seed: UInt64? = nil) throws(EnvironmentError) -> [Float] {
    var observations = [Float]()
    observations.reserveCapacity(count * observationCount)
    for index in copies.indices {
      let copySeed = seed.map { $0 &+ UInt64(index) }
      observations += try copies[index].reset(seed: copySeed).observation
      elapsedSteps[index] = 0
    }
    hasReset = true
    return observations
  }

  /// Steps every copy with its action (or autoresets the copies that ended on the previous call).
  /// - Parameter actions: one action per copy.
  /// - Returns: the batched results.
  /// - Throws: `EnvironmentError.resetNeeded` before the first `reset`, else the first copy error.
  public mutating func step(_ actions: [Action]) throws(EnvironmentError) -> VectorStep {
    var result = VectorStep(count: count, observationCount: observationCount)
    try step(actions, into: &result)
    return result
  }

  /// Steps every copy, writing into a caller-owned result whose buffers are reused across calls.
  ///
  /// The allocation-free form of `step(_:)`: with worker threads, reusing the buffers also keeps each
  /// thread's half of them in its own cache.
  /// - Parameters:
  ///   - actions: one action per copy.
  ///   - result: the destination; resized if it does not match this vector environment.
  /// - Throws: `EnvironmentError.resetNeeded` before the first `reset`, else the first copy error.
  public mutating func step(_ actions: [Action], into result: inout VectorStep) throws(EnvironmentError) {
    precondition(actions.count == count, "one action per copy")
    guard hasReset else { throw .resetNeeded(environment: copies[0].name) }
    if result.rewards.count != count || result.observations.count != count * observationCount {
      result = VectorStep(count: count, observationCount: observationCount)
    }
    try stepAll(actions, into: &result)
  }

  /// Closes every copy.
  public mutating func close() {
    for index in copies.indices { copies[index].close() }
  }
}

/// Batched results of `VectorEnvironment.step`.
public struct VectorStep: Sendable, Equatable {
  /// Observations, row-major `(count, observationCount)`.
  public var observations: [Float]
  /// Rewards, one per copy (0 on an autoreset step).
  public var rewards: [Double]
  /// Termination flags, one per copy.
  public var terminations: [Bool]
  /// Truncation flags, one per copy.
  public var truncations: [Bool]
  /// Episode statistics of copies whose `EpisodeStatistics` wrapper reported an ending.
  public var episodes: [EpisodeRecord?]

  /// Zero-filled buffers for `count` copies with `observationCount` values each.
  /// - Parameters:
  ///   - count: the number of copies.
  ///   - observationCount: the observation length.
  public init(count: Int, observationCount: Int) {
    observations = Array(repeating: 0, count: count * observationCount)
    rewards = Array(repeating: 0, count: count)
    terminations = Array(repeating: false, count: count)
    truncations = Array(repeating: false, count: count)
    episodes = Array(repeating: nil, count: count)
  }
}
