public import RLCore

/// Samples K-step training windows from a dataset with the Decision Transformer's conventions.
///
/// Episodes are drawn with probability proportional to their length and a start `s` uniformly in
/// `0..<length`; the window holds steps `s..<min(s + K, length)`, LEFT-padded to K with: states 0
/// (then normalised, so pads become `−mean/std`), actions −10, rewards 0, dones 2, returns-to-go 0,
/// timesteps 0, mask 0 (1 on real steps). Returns-to-go are `R̂_t / returnScale`; timesteps are
/// absolute and clipped to `maxEpisodeLength − 1` (kzl `get_batch`, MODELS.md §1.1 and §2.4).
/// Deterministic for a seed (its own `NumPyGenerator`).
public struct WindowSampler: Sendable {
  /// The dataset.
  public let dataset: TrajectoryDataset
  /// The episodes' index ranges.
  public let episodes: [Range<Int>]
  /// Returns-to-go of every step (within its episode).
  public let returnsToGo: [Double]
  /// The observation normalisation.
  public let statistics: ObservationStatistics
  /// The window length K.
  public let contextLength: Int
  /// The divisor of returns-to-go.
  public let returnScale: Double
  /// Timesteps are clipped to `maxEpisodeLength − 1`.
  public let maxEpisodeLength: Int
  private var generator: NumPyGenerator

  /// Creates a sampler.
  /// - Parameters:
  ///   - dataset: the dataset (at least one step).
  ///   - contextLength: K, positive.
  ///   - returnScale: the divisor of returns-to-go (kzl: 1000 for MuJoCo).
  ///   - maxEpisodeLength: the timestep embedding size.
  ///   - gamma: the returns-to-go discount (1 for the DT).
  ///   - seed: the sampler's seed.
  public init(
    dataset: TrajectoryDataset, contextLength: Int, returnScale: Double = 1, maxEpisodeLength: Int = 1000,
    gamma: Double = 1, seed: UInt64
  ) {
    precondition(dataset.count > 0 && contextLength > 0, "a sampler needs data and a positive context length")
    self.dataset = dataset
    episodes = dataset.episodeRanges
    var returns: [Double] = []
    returns.reserveCapacity(dataset.count)
    for range in episodes { returns += ReturnsToGo.compute(dataset.rewards[range], gamma: gamma) }
    returnsToGo = returns
    statistics = ObservationStatistics(observations: dataset.observations, dimension: dataset.observationDimension)
    self.contextLength = contextLength
    self.returnScale = returnScale
    self.maxEpisodeLength = maxEpisodeLength
    generator = NumPyGenerator(seed: seed)
  }

  /// Draws `batchSize` windows.
  /// - Parameter batchSize: the number of windows.
  /// - Returns: the batch.
  public mutating func sample(batchSize: Int) -> WindowBatch {
    sample(batchSize: batchSize, generator: &generator)
  }

  /// Draws `batchSize` windows with a caller's generator (e.g. one derived from a training step, so that
  /// the batch of step s is a function of the seed and s: a resumed run draws the same batches).
  /// - Parameters:
  ///   - batchSize: the number of windows.
  ///   - generator: the generator (advanced).
  /// - Returns: the batch, with each window's origin.
  public func sample(batchSize: Int, generator: inout NumPyGenerator) -> WindowBatch {
    var batch = WindowBatch(
      batchSize: batchSize, contextLength: contextLength, observationDimension: dataset.observationDimension,
      actionDimension: dataset.actionDimension)
    for row in 0..<batchSize {
      let step = Int(generator.integers(0, Int64(dataset.count)))
      let episode = episodeIndex(containing: step)
      let length = episodes[episode].count
      let start = Int(generator.integers(0, Int64(length)))
      fill(&batch, row: row, episode: episode, start: start)
      batch.origins.append(WindowOrigin(episode: episode, start: start))
    }
    return batch
  }

  /// The window of `episode` starting at `start` (the deterministic part of `sample`).
  public func window(episode: Int, start: Int) -> WindowBatch {
    var batch = WindowBatch(
      batchSize: 1, contextLength: contextLength, observationDimension: dataset.observationDimension,
      actionDimension: dataset.actionDimension)
    fill(&batch, row: 0, episode: episode, start: start)
    batch.origins = [WindowOrigin(episode: episode, start: start)]
    return batch
  }

  /// The episode whose range holds dataset row `step` (binary search): probability ∝ length.
  func episodeIndex(containing step: Int) -> Int {
    var low = 0
    var high = episodes.count - 1
    while low < high {
      let middle = (low + high) / 2
      if episodes[middle].upperBound <= step { low = middle + 1 } else { high = middle }
    }
    return low
  }

  private func fill(_ batch: inout WindowBatch, row: Int, episode: Int, start: Int) {
    let range = episodes[episode]
    let length = min(contextLength, range.count - start)
    let padding = contextLength - length
    let (obs, act) = (dataset.observationDimension, dataset.actionDimension)
    for k in 0..<contextLength {
      let slot = row * contextLength + k
      let real = k >= padding
      let index = range.lowerBound + start + (k - padding)
      for d in 0..<obs {
        let value: Float = real ? dataset.observations[index * obs + d] : 0
        batch.states[slot * obs + d] = (value - statistics.mean[d]) / statistics.std[d]
      }
      for d in 0..<act { batch.actions[slot * act + d] = real ? dataset.actions[index * act + d] : -10 }
      batch.rewards[slot] = real ? dataset.rewards[index] : 0
      batch.dones[slot] = real ? (dataset.terminals[index] ? 1 : 0) : 2
      batch.returnsToGo[slot] = real ? Float(returnsToGo[index] / returnScale) : 0
      batch.timesteps[slot] = real ? min(start + k - padding, maxEpisodeLength - 1) : 0
      batch.mask[slot] = real ? 1 : 0
    }
  }
}

/// A batch of K-step windows, row-major `(batch, K, ...)`.
public struct WindowBatch: Sendable, Equatable {
  /// The number of windows.
  public let batchSize: Int
  /// K.
  public let contextLength: Int
  /// The observation length.
  public let observationDimension: Int
  /// The action length.
  public let actionDimension: Int
  /// Normalised states `(batch, K, observationDimension)`.
  public var states: [Float]
  /// Actions `(batch, K, actionDimension)`; −10 on padding.
  public var actions: [Float]
  /// Rewards `(batch, K)`.
  public var rewards: [Float]
  /// Terminal flags `(batch, K)`: 0/1, 2 on padding.
  public var dones: [Float]
  /// Scaled returns-to-go `(batch, K)`.
  public var returnsToGo: [Float]
  /// Absolute timesteps `(batch, K)`.
  public var timesteps: [Int]
  /// 1 on real steps, 0 on padding `(batch, K)`.
  public var mask: [Float]
  /// Where each window comes from (episode index and first step).
  public var origins: [WindowOrigin] = []

  init(batchSize: Int, contextLength: Int, observationDimension: Int, actionDimension: Int) {
    self.batchSize = batchSize
    self.contextLength = contextLength
    self.observationDimension = observationDimension
    self.actionDimension = actionDimension
    let slots = batchSize * contextLength
    states = Array(repeating: 0, count: slots * observationDimension)
    actions = Array(repeating: 0, count: slots * actionDimension)
    rewards = Array(repeating: 0, count: slots)
    dones = Array(repeating: 0, count: slots)
    returnsToGo = Array(repeating: 0, count: slots)
    timesteps = Array(repeating: 0, count: slots)
    mask = Array(repeating: 0, count: slots)
  }
}

/// The episode and first step of a sampled window (to report the batch a training step used).
public struct WindowOrigin: Sendable, Equatable, Codable {
  /// The episode's index in the dataset.
  public let episode: Int
  /// The window's first step within the episode.
  public let start: Int
}
