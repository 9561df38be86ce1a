extension VectorEnvironment {
  /// Steps every copy into `result`, splitting the copies into `threads` contiguous blocks.
  mutating func stepAll(_ actions: [Action], into result: inout VectorStep) throws(EnvironmentError) {
    let parts = threads
    let count = self.count
    var errors = [EnvironmentError?](repeating: nil, count: parts)
    let observationCount = observationCount
    let limit = maxEpisodeSteps
    let pool = pool
    copies.withUnsafeMutableBufferPointer { copies in
      elapsedSteps.withUnsafeMutableBufferPointer { elapsed in
        result.withBuffers { buffers in
          errors.withUnsafeMutableBufferPointer { errors in
            let shared = SharedBuffers(
              copies: copies, elapsed: elapsed, result: buffers, actions: actions, errors: errors,
              observationCount: observationCount, maxEpisodeSteps: limit)
            if let pool, threading.useThreads {
              pool.run { part in shared.step(block: part, range: Self.block(part, of: parts, count: count)) }
            } else if pool != nil {
              let start = ContinuousClock.now
              shared.step(block: 0, range: 0..<count)
              threading.record(serial: ContinuousClock.now - start)
            } else {
              shared.step(block: 0, range: 0..<count)
            }
          }
        }
      }
    }
    if pool != nil { threading.advance() }
    if let error = errors.lazy.compactMap({ $0 }).first { throw error }
  }

  static func block(_ part: Int, of parts: Int, count: Int) -> Range<Int> {
    (part * count / parts)..<((part + 1) * count / parts)
  }
}

extension VectorStep {
  /// Runs `body` with mutable views of every field.
  mutating func withBuffers(_ body: (VectorStepBuffers) -> Void) {
    observations.withUnsafeMutableBufferPointer { observations in
      rewards.withUnsafeMutableBufferPointer { rewards in
        terminations.withUnsafeMutableBufferPointer { terminations in
          truncations.withUnsafeMutableBufferPointer { truncations in
            episodes.withUnsafeMutableBufferPointer { episodes in
              body(
                VectorStepBuffers(
                  observations: observations, rewards: rewards, terminations: terminations,
                  truncations: truncations, episodes: episodes))
            }
          }
        }
      }
    }
  }
}

/// Mutable views of a `VectorStep`'s fields, valid inside `withBuffers`.
struct VectorStepBuffers {
  let observations: UnsafeMutableBufferPointer<Float>
  let rewards: UnsafeMutableBufferPointer<Double>
  let terminations: UnsafeMutableBufferPointer<Bool>
  let truncations: UnsafeMutableBufferPointer<Bool>
  let episodes: UnsafeMutableBufferPointer<EpisodeRecord?>
}

/// Raw views of the vector environment's buffers, shared by the worker threads on disjoint ranges.
struct SharedBuffers: @unchecked Sendable {
  let copies: UnsafeMutableBufferPointer<any Environment>
  let elapsed: UnsafeMutableBufferPointer<Int>
  let result: VectorStepBuffers
  let actions: [Action]
  let errors: UnsafeMutableBufferPointer<EnvironmentError?>
  let observationCount: Int
  let maxEpisodeSteps: Int?

  /// Steps the copies in `range`; records the first error of the block in `errors[block]`.
  ///
  /// The Bool flags are gathered on the stack and stored once at the end: the flag arrays are one
  /// cache line for 64 copies, and per-copy stores from two threads would bounce it between cores.
  func step(block: Int, range: Range<Int>) {
    withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * range.count) { flags in
      flags.initialize(repeating: false)
      defer {
        for (offset, index) in range.enumerated() {
          result.terminations[index] = flags[offset]
          result.truncations[index] = flags[range.count + offset]
        }
      }
      for (offset, index) in range.enumerated() {
        let slot = UnsafeMutableBufferPointer(
          start: result.observations.baseAddress.map { $0 + index * observationCount }, count: observationCount)
        do throws(EnvironmentError) {
          if elapsed[index] == VectorEnvironment.endedMarker {
            try autoreset(index, into: slot)
            continue
          }
          var step = try copies[index].step(actions[index], writingObservationInto: slot)
          elapsed[index] += 1
          if let maxEpisodeSteps, elapsed[index] >= maxEpisodeSteps { step.truncated = true }
          result.rewards[index] = step.reward
          result.episodes[index] = step.episode
          flags[offset] = step.terminated
          flags[range.count + offset] = step.truncated
          if step.isDone { elapsed[index] = VectorEnvironment.endedMarker }
        } catch {
          errors[block] = error
          return
        }
      }
    }
  }

  private func autoreset(_ index: Int, into slot: UnsafeMutableBufferPointer<Float>) throws(EnvironmentError) {
    let observation = try copies[index].reset(seed: nil).observation
    for component in slot.indices { slot[component] = observation[component] }
    result.rewards[index] = 0
    result.episodes[index] = nil
    elapsed[index] = 0
  }
}

/// When a vector step is worth splitting across threads: a hand-off to the pool costs about a microsecond
/// and the threads' caches, so a call whose serial work is short is faster on one thread (measured, 64
/// copies: MountainCar 24 M steps/s on 1 thread, 10 M on 2). The serial time of a call is measured on the
/// first `probe` calls and again every `interval` calls; the threads run the calls in between when the
/// mean serial time exceeds `threshold`.
struct ThreadingDecision: Sendable {
  /// Serial work per call above which the threads pay (the pool's hand-off plus the cache traffic).
  static let threshold: Duration = .microseconds(20)
  /// Calls measured serially at the start of every `interval` calls.
  static let probe = 8, interval = 512
  private var calls = 0
  private var measured = 0
  private var total: Duration = .zero
  private var decision = false

  /// Whether the next call uses the threads (never during a measurement).
  var useThreads: Bool { calls % Self.interval >= Self.probe && decision }

  /// Records the duration of a serial call.
  mutating func record(serial: Duration) {
    total += serial
    measured += 1
    if measured == Self.probe {
      decision = total / Self.probe > Self.threshold
      (measured, total) = (0, .zero)
    }
  }

  /// Counts a call.
  mutating func advance() { calls += 1 }
}
