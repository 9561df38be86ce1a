/// Flat D4RL-style arrays of many episodes, as stored in a dataset file.
///
/// Row `t` holds the observation before action `t`, the action, its reward, whether it was the last
/// step of an episode that terminated (`terminals`) or was truncated (`timeouts`), and whether it
/// starts an episode (`episodeStarts`).
public struct TrajectoryDataset: Sendable, Equatable {
  /// Observations, row-major `(count, observationDimension)`.
  public var observations: [Float]
  /// Actions, row-major `(count, actionDimension)`.
  public var actions: [Float]
  /// Rewards `(count,)`, Float32 as in D4RL.
  public var rewards: [Float]
  /// Terminal flags `(count,)` (the file member `terminations`; Gymnasium's `terminated`).
  public var terminals: [Bool]
  /// Time-limit flags `(count,)`: cut by the time limit and not terminal (the file member `truncations`).
  public var timeouts: [Bool]
  /// Episode-start flags `(count,)`.
  public var episodeStarts: [Bool]
  /// The observation after each episode's last step, row-major `(episodes, observationDimension)`, or empty when
  /// not recorded (files written before 2026-12-02, imports without them).
  public var finalObservations: [Float] = []
  /// The observation length.
  public var observationDimension: Int
  /// The action length.
  public var actionDimension: Int
  /// Provenance and statistics.
  public var metadata: DatasetMetadata

  /// The number of steps.
  public var count: Int { rewards.count }

  /// Flattens episodes; `metadata` gets the step and episode counts, return statistics and checksum.
  /// - Parameters:
  ///   - episodes: the episodes, in order.
  ///   - observationDimension: the observation length.
  ///   - actionDimension: the action length.
  ///   - metadata: provenance; counts, statistics and checksum are filled in.
  public init(episodes: [Episode], observationDimension: Int, actionDimension: Int, metadata: DatasetMetadata) {
    var observations: [Float] = []
    var actions: [Float] = []
    var rewards: [Float] = []
    var terminals: [Bool] = []
    var timeouts: [Bool] = []
    var starts: [Bool] = []
    for episode in episodes {
      for step in 0..<episode.count {
        observations += episode.observations[step]
        actions += episode.actions[step]
        rewards.append(Float(episode.rewards[step]))
        let last = step == episode.count - 1
        terminals.append(last && episode.terminated)
        timeouts.append(last && episode.truncated && !episode.terminated)
        starts.append(step == 0)
      }
    }
    self.observations = observations
    self.actions = actions
    self.rewards = rewards
    self.terminals = terminals
    self.timeouts = timeouts
    episodeStarts = starts
    self.observationDimension = observationDimension
    self.actionDimension = actionDimension
    if episodes.allSatisfy({ $0.finalObservation?.count == observationDimension }) {
      finalObservations = episodes.flatMap { $0.finalObservation ?? [] }
    }
    var metadata = metadata
    metadata.episodes = episodes.count
    metadata.steps = rewards.count
    metadata.observationDimension = observationDimension
    metadata.actionDimension = actionDimension
    metadata.returns = DatasetMetadata.ReturnStatistics(episodes.map(\.totalReward))
    self.metadata = metadata
    self.metadata.checksum = checksum
  }

  init(
    observations: [Float], actions: [Float], rewards: [Float], terminals: [Bool], timeouts: [Bool],
    episodeStarts: [Bool], observationDimension: Int, actionDimension: Int, metadata: DatasetMetadata,
    finalObservations: [Float] = []
  ) {
    self.finalObservations = finalObservations
    self.observations = observations
    self.actions = actions
    self.rewards = rewards
    self.terminals = terminals
    self.timeouts = timeouts
    self.episodeStarts = episodeStarts
    self.observationDimension = observationDimension
    self.actionDimension = actionDimension
    self.metadata = metadata
  }

  /// The index ranges of the episodes (a new one at every `episodeStarts` flag).
  public var episodeRanges: [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    for index in 1..<max(count, 1) where episodeStarts[index] {
      ranges.append(start..<index)
      start = index
    }
    if count > 0 { ranges.append(start..<count) }
    return ranges
  }

  /// The arrays as `.npy` members, in the file's field order.
  var arrays: [(name: String, array: NPYArray)] {
    [
      ("observations", NPYArray(float32: observations, shape: [count, observationDimension])),
      ("actions", NPYArray(float32: actions, shape: [count, actionDimension])),
      ("rewards", NPYArray(float32: rewards, shape: [count])),
      ("terminations", NPYArray(bool: terminals, shape: [count])),
      ("truncations", NPYArray(bool: timeouts, shape: [count])),
      ("episode_starts", NPYArray(bool: episodeStarts, shape: [count])),
    ] + (finalObservations.isEmpty ? [] : [
      ("final_observations", NPYArray(float32: finalObservations, shape: [finalObservations.count / max(observationDimension, 1), observationDimension]))
    ])
  }

  /// `fnv1a64:<hex>` over the arrays' raw bytes in field order.
  public var checksum: String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for (_, array) in arrays {
      for byte in array.bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
      }
    }
    let hex = String(hash, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
  }
}
