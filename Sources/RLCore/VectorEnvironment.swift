import Dispatch

/// N copies of an environment stepped in lock-step, with Gymnasium 1.x `NEXT_STEP` autoreset.
///
/// When copy *i* ends (terminated or truncated) at call *t*, its observation at *t* is the final
/// one; at call *t + 1* its action is ignored, it is reset without a seed (its generator continues)
/// and the reset observation is returned with reward 0 and both flags false. `reset(seed: s)` seeds
/// copy *i* with `s + i`, as `SyncVectorEnv` does. With `threads > 1` the copies are split into
/// contiguous blocks stepped on separate threads; every copy owns its state and generator, so the
/// results are identical to the single-threaded ones.
public struct VectorEnvironment: Sendable {
  /// The autoreset mode, declared as in Gymnasium's `metadata["autoreset_mode"]`.
  public let autoresetMode = "NEXT_STEP"
  /// The copies.
  public private(set) var copies: [any Environment]
  /// How many threads `step` uses.
  public let threads: Int
  private var needsReset: [Bool]
  /// The observation dimension of one copy.
  public let observationCount: Int

  /// Creates a vector environment.
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
    self.copies = copies
    self.threads = min(max(threads, 1), count)
    needsReset = Array(repeating: false, count: count)
    observationCount = copies[0].observationSpace.count
  }

  /// The number of copies.
  public var count: Int { copies.count }

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
      needsReset[index] = false
    }
    return observations
  }

  /// Steps every copy with its action (or autoresets the copies that ended on the previous call).
  /// - Parameter actions: one action per copy.
  /// - Returns: the batched results.
  /// - Throws: the first copy error (in copy order).
  public mutating func step(_ actions: [Action]) throws(EnvironmentError) -> VectorStep {
    precondition(actions.count == count, "one action per copy")
    var result = VectorStep(count: count, observationCount: observationCount)
    let blocks = Self.blocks(count: count, parts: threads)
    var errors = [EnvironmentError?](repeating: nil, count: blocks.count)
    let observationCount = observationCount
    copies.withUnsafeMutableBufferPointer { copies in
      needsReset.withUnsafeMutableBufferPointer { needsReset in
        result.withBuffers { buffers in
          errors.withUnsafeMutableBufferPointer { errors in
            let shared = SharedBuffers(
              copies: copies, needsReset: needsReset, result: buffers, actions: actions,
              errors: errors, observationCount: observationCount)
            if blocks.count == 1 {
              shared.step(block: 0, range: blocks[0])
            } else {
              DispatchQueue.concurrentPerform(iterations: blocks.count) { block in
                shared.step(block: block, range: blocks[block])
              }
            }
          }
        }
      }
    }
    if let error = errors.lazy.compactMap({ $0 }).first { throw error }
    return result
  }

  /// Closes every copy.
  public mutating func close() {
    for index in copies.indices { copies[index].close() }
  }

  private static func blocks(count: Int, parts: Int) -> [Range<Int>] {
    (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
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

  init(count: Int, observationCount: Int) {
    observations = Array(repeating: 0, count: count * observationCount)
    rewards = Array(repeating: 0, count: count)
    terminations = Array(repeating: false, count: count)
    truncations = Array(repeating: false, count: count)
    episodes = Array(repeating: nil, count: count)
  }

  /// Runs `body` with mutable views of every field.
  fileprivate mutating func withBuffers(_ body: (VectorStepBuffers) -> Void) {
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
private struct VectorStepBuffers {
  let observations: UnsafeMutableBufferPointer<Float>
  let rewards: UnsafeMutableBufferPointer<Double>
  let terminations: UnsafeMutableBufferPointer<Bool>
  let truncations: UnsafeMutableBufferPointer<Bool>
  let episodes: UnsafeMutableBufferPointer<EpisodeRecord?>
}

/// Raw views of the vector environment's buffers, shared by the worker threads on disjoint ranges.
private struct SharedBuffers: @unchecked Sendable {
  let copies: UnsafeMutableBufferPointer<any Environment>
  let needsReset: UnsafeMutableBufferPointer<Bool>
  let result: VectorStepBuffers
  let actions: [Action]
  let errors: UnsafeMutableBufferPointer<EnvironmentError?>
  let observationCount: Int

  /// Steps the copies in `range`; records the first error of the block in `errors[block]`.
  func step(block: Int, range: Range<Int>) {
    for index in range {
      do throws(EnvironmentError) {
        let offset = index * observationCount
        let slot = UnsafeMutableBufferPointer(rebasing: result.observations[offset..<(offset + observationCount)])
        if needsReset[index] {
          let observation = try copies[index].reset(seed: nil).observation
          for component in slot.indices { slot[component] = observation[component] }
          result.rewards[index] = 0
          result.terminations[index] = false
          result.truncations[index] = false
          result.episodes[index] = nil
          needsReset[index] = false
        } else {
          let step = try copies[index].step(actions[index], writingObservationInto: slot)
          result.rewards[index] = step.reward
          result.terminations[index] = step.terminated
          result.truncations[index] = step.truncated
          result.episodes[index] = step.episode
          needsReset[index] = step.isDone
        }
      } catch {
        errors[block] = error
        return
      }
    }
  }
}
