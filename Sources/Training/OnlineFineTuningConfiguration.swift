/// Everything `finetune-online` needs, resolved (saved as `config.json` of the run).
public struct OnlineFineTuningConfiguration: Sendable, Equatable, Codable {
  /// How returns are centred before they weight the log-probabilities.
  public enum Baseline: String, Sendable, Equatable, Codable, CaseIterable {
    /// None: the returns-to-go themselves.
    case none
    /// The mean return-to-go of the update's steps.
    case mean
    /// An exponential moving average (0.9) of the updates' mean returns-to-go.
    case ema
    /// A least-squares linear value of the normalised state and the time fraction, fitted on the update.
    case value
  }

  /// The offline checkpoint the run starts from.
  public var checkpoint: String
  /// The environment id (must be the checkpoint's).
  public var environment: String
  /// Environment steps to collect (the budget, unless `episodes` is given).
  public var environmentSteps: Int = 20_000
  /// Episodes to collect instead of a step budget.
  public var episodes: Int?
  /// Episodes per policy-gradient update.
  public var episodesPerUpdate: Int = 8
  /// AdamW learning rate.
  public var learningRate: Float = 1e-4
  /// The returns-to-go discount γ.
  public var gamma: Double = 1
  /// Entropy bonus coefficient.
  public var entropy: Float = 0
  /// The baseline.
  public var baseline = Baseline.mean
  /// Standardise the advantages of each update.
  public var normalizeAdvantages = true
  /// KL anchor to the offline policy (0: none).
  public var anchorKL: Float = 0.1
  /// The conditioning return in evaluation (default: the checkpoint's).
  public var targetReturn: Double?
  /// The conditioning return while collecting (default: the target).
  public var explorationTarget: Double?
  /// Evaluate every this many updates (0: at the end only).
  public var evalEvery: Int = 0
  /// Evaluation episodes.
  public var evalEpisodes: Int = 20
  /// The first evaluation seed (as `evaluate`: 2⁶³ + e).
  public var evalSeed: UInt64 = 1 << 63
  /// The run's seed (collection seeds, action sampling).
  public var seed: UInt64 = 0
  /// Threads (collection runners, update shards).
  public var threads: Int = 2
  /// Data-parallel shards of each update.
  public var shards: Int = 4
  /// Initial log σ of the Gaussian policy (continuous actions, in the model's [−1, 1] range).
  public var initialLogStd: Float = -1.5
  /// Global gradient-norm clipping.
  public var maxGradientNorm: Float = 1
  /// Windows per gradient chunk: the update sums every chunk before one optimiser step. Small enough that each
  /// shard's tensors stay below glibc's mmap threshold (32 MB), which would hand out fresh zeroed pages on every
  /// allocation (a 512-window chunk spent 27% of the time clearing pages).
  public var chunk: Int = 128
  /// Checkpoint every this many updates (0: at the end only); the newest `keepCheckpoints` are kept.
  public var checkpointEvery: Int = 0
  /// Checkpoints kept.
  public var keepCheckpoints: Int = 3
  /// The fraction of an update's steps whose windows enter the gradient, drawn uniformly without replacement
  /// (seeded): an unbiased estimate of the full policy gradient at a fraction of its cost, like PPO's minibatch.
  /// Returns-to-go, baselines and advantages always use every step. nil (a configuration written before the
  /// setting existed): 1, every step.
  public var updateFraction: Double? = 0.25
  /// Optimiser steps per update, each on its own `updateFraction` draw of the update's windows (nil: 1, plain
  /// REINFORCE). With more than one, every step's policy term is PPO's clipped surrogate against the acting policy
  /// (`clip`), so the later steps reuse the episodes without drifting far from the policy that collected them.
  public var updateSteps: Int?
  /// PPO's clip ε on the ratio to the acting policy (with `updateSteps` > 1; nil: 0.2).
  public var clip: Float?

  /// A configuration with the defaults.
  public init(checkpoint: String, environment: String) {
    self.checkpoint = checkpoint
    self.environment = environment
  }

  /// Checks the settings.
  /// - Throws: `TrainerError.invalidConfiguration` naming the field.
  public func validate() throws(TrainerError) {
    let positive = [("env-steps", environmentSteps), ("episodes-per-update", episodesPerUpdate), ("eval-episodes", evalEpisodes),
      ("threads", threads), ("shards", shards), ("keep", keepCheckpoints), ("chunk", chunk)]
    for (name, value) in positive where value < 1 { throw .invalidConfiguration(field: "--\(name)", reason: "must be positive, got \(value)") }
    if let episodes, episodes < 1 { throw .invalidConfiguration(field: "--episodes", reason: "must be positive, got \(episodes)") }
    guard learningRate.isFinite, learningRate > 0 else { throw .invalidConfiguration(field: "--lr", reason: "must be positive") }
    guard gamma > 0, gamma <= 1 else { throw .invalidConfiguration(field: "--gamma", reason: "must lie in (0, 1]") }
    if let n = updateSteps, n < 1 { throw .invalidConfiguration(field: "--update-steps", reason: "must be positive, got \(n)") }
    if let e = clip, !(e > 0 && e < 1) { throw .invalidConfiguration(field: "--clip", reason: "must lie in (0, 1), got \(e)") }
    if let f = updateFraction, !(f > 0 && f <= 1) { throw .invalidConfiguration(field: "--update-fraction", reason: "must lie in (0, 1], got \(f)") }
    guard entropy >= 0, anchorKL >= 0 else { throw .invalidConfiguration(field: "--entropy/--anchor-kl", reason: "must not be negative") }
    for (name, value) in [("eval-every", evalEvery), ("checkpoint-every", checkpointEvery)] where value < 0 {
      throw .invalidConfiguration(field: "--\(name)", reason: "must not be negative")
    }
  }
}

/// Returns-to-go and advantages of an update's episodes.
enum Advantages {
  /// `G_t = r_t + γ·G_{t+1}` per episode (never across episodes).
  static func returnsToGo(_ rewards: [Double], gamma: Double) -> [Double] {
    var result = [Double](repeating: 0, count: rewards.count)
    var running = 0.0
    for t in stride(from: rewards.count - 1, through: 0, by: -1) {
      running = rewards[t] + gamma * running
      result[t] = running
    }
    return result
  }

  /// Advantages `G − b` (standardised when asked) for the steps of all episodes in order.
  /// - Parameters:
  ///   - features: per step, the normalised state followed by the time fraction (for the value baseline).
  ///   - ema: the moving average, updated.
  static func compute(
    returns: [Double], features: [[Float]], baseline: OnlineFineTuningConfiguration.Baseline, normalize: Bool, ema: inout Double?
  ) -> [Float] {
    let n = Double(max(returns.count, 1))
    let mean = returns.reduce(0, +) / n
    var baselineValues = [Double](repeating: 0, count: returns.count)
    switch baseline {
    case .none: break
    case .mean: baselineValues = Array(repeating: mean, count: returns.count)
    case .ema:
      let value = ema ?? mean
      baselineValues = Array(repeating: value, count: returns.count)
      ema = 0.9 * value + 0.1 * mean
    case .value: baselineValues = LinearValue.fit(features: features, targets: returns).map { $0 }
    }
    var advantages = zip(returns, baselineValues).map { $0 - $1 }
    if normalize, advantages.count > 1 {
      let m = advantages.reduce(0, +) / n
      let std = (advantages.map { ($0 - m) * ($0 - m) }.reduce(0, +) / n).squareRoot()
      advantages = advantages.map { ($0 - m) / (std + 1e-8) }
    }
    return advantages.map { Float($0) }
  }
}

/// A ridge-regularised least-squares linear value `v(x) = w·[x, 1]` (normal equations, Cholesky).
enum LinearValue {
  static func fit(features: [[Float]], targets: [Double]) -> [Double] {
    guard let width = features.first.map({ $0.count + 1 }), !features.isEmpty else { return targets.map { _ in 0 } }
    var gram = [Double](repeating: 0, count: width * width)
    var right = [Double](repeating: 0, count: width)
    for (x, y) in zip(features, targets) {
      let row = x.map { Double($0) } + [1]
      for i in 0..<width {
        right[i] += row[i] * y
        for j in 0..<width { gram[i * width + j] += row[i] * row[j] }
      }
    }
    for i in 0..<width { gram[i * width + i] += 1e-3 * Double(features.count) }
    // Cholesky: gram = L·Lᵀ, then two triangular solves.
    var l = [Double](repeating: 0, count: width * width)
    for i in 0..<width {
      for j in 0...i {
        var sum = gram[i * width + j]
        for k in 0..<j { sum -= l[i * width + k] * l[j * width + k] }
        l[i * width + j] = i == j ? (max(sum, 1e-12)).squareRoot() : sum / l[j * width + j]
      }
    }
    var z = [Double](repeating: 0, count: width)
    for i in 0..<width {
      var sum = right[i]
      for k in 0..<i { sum -= l[i * width + k] * z[k] }
      z[i] = sum / l[i * width + i]
    }
    var w = [Double](repeating: 0, count: width)
    for i in stride(from: width - 1, through: 0, by: -1) {
      var sum = z[i]
      for k in (i + 1)..<width { sum -= l[k * width + i] * w[k] }
      w[i] = sum / l[i * width + i]
    }
    return features.map { x in zip(x.map { Double($0) } + [1], w).reduce(0) { $0 + $1.0 * $1.1 } }
  }
}
