public import DecisionModels
public import NeuralNetworks
public import SpikingLayers

/// Everything `train-offline` needs, resolved (saved as `config.json`; `--config FILE` reads one).
public struct OfflineTrainingConfiguration: Sendable, Equatable, Codable {
  /// The environment id (`CartPole-v1`).
  public var environment: String
  /// The datasets (`.npz`), concatenated in order.
  public var data: [String]
  /// The model.
  public var model: ModelConfiguration
  /// Optimisation steps.
  public var steps: Int
  /// Windows per step.
  public var batchSize: Int = 64
  /// AdamW learning rate, weight decay.
  public var learningRate: Float = 1e-4, weightDecay: Float = 1e-4
  /// Linear warmup steps, then cosine decay to `minimumLearningRateFactor` at `steps` (DSFormer's schedule).
  public var warmupSteps: Int = 100
  /// The cosine schedule's final factor.
  public var minimumLearningRateFactor: Float = 0.1
  /// Global gradient-norm clipping (0.25, DT and DSFormer).
  public var maxGradientNorm: Float = 0.25
  /// Returns-to-go are divided by this.
  public var returnScale: Double
  /// PTBN's ramp as a fraction of `steps` (0.1, DSFormer's `warmup_ratio`).
  public var progressiveFraction: Double = 0.1
  /// Evaluate every this many steps (0: only at the end).
  public var evalEvery: Int = 0
  /// Episodes per evaluation.
  public var evalEpisodes: Int = 10
  /// Conditioning returns (raw); empty: the expert's reference return recorded in the dataset.
  public var targetReturns: [Double] = []
  /// The first evaluation seed (disjoint from collect-experts' seeds, which are SplitMix64 values below 2⁶³).
  public var evalSeed: UInt64 = 1 << 63
  /// The run's seed (initialisation, batches, dropout).
  public var seed: UInt64 = 0
  /// Data-parallel shards per step (the result depends on this, not on the threads).
  public var shards: Int = 4
  /// Threads for the shards and evaluation.
  public var threads: Int = 2
  /// Save a checkpoint every this many steps (0: only at the end); the newest `keepCheckpoints` are kept.
  public var checkpointEvery: Int = 0
  /// Checkpoints kept.
  public var keepCheckpoints: Int = 3
  /// Write a metrics line every this many steps.
  public var logEvery: Int = 50

  /// A configuration with the default optimisation settings.
  public init(environment: String, data: [String], model: ModelConfiguration, steps: Int, returnScale: Double) {
    self.environment = environment
    self.data = data
    self.model = model
    self.steps = steps
    self.returnScale = returnScale
  }

  enum CodingKeys: String, CodingKey {
    case environment, data, model, steps, batchSize, learningRate, weightDecay, warmupSteps, minimumLearningRateFactor
    case maxGradientNorm, returnScale, progressiveFraction, evalEvery, evalEpisodes, targetReturns, evalSeed, seed, shards
    case threads, checkpointEvery, keepCheckpoints, logEvery
  }

  /// Reads a configuration; fields other than environment, data, model, steps and returnScale may be left out
  /// (a hand-written `--config` file), taking the defaults above.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      environment: try c.decode(String.self, forKey: .environment), data: try c.decode([String].self, forKey: .data),
      model: try c.decode(ModelConfiguration.self, forKey: .model), steps: try c.decode(Int.self, forKey: .steps),
      returnScale: try c.decode(Double.self, forKey: .returnScale))
    func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T { try c.decodeIfPresent(T.self, forKey: key) ?? fallback }
    batchSize = try value(.batchSize, batchSize)
    learningRate = try value(.learningRate, learningRate)
    weightDecay = try value(.weightDecay, weightDecay)
    warmupSteps = try value(.warmupSteps, warmupSteps)
    minimumLearningRateFactor = try value(.minimumLearningRateFactor, minimumLearningRateFactor)
    maxGradientNorm = try value(.maxGradientNorm, maxGradientNorm)
    progressiveFraction = try value(.progressiveFraction, progressiveFraction)
    evalEvery = try value(.evalEvery, evalEvery)
    evalEpisodes = try value(.evalEpisodes, evalEpisodes)
    targetReturns = try value(.targetReturns, targetReturns)
    evalSeed = try value(.evalSeed, evalSeed)
    seed = try value(.seed, seed)
    shards = try value(.shards, shards)
    threads = try value(.threads, threads)
    checkpointEvery = try value(.checkpointEvery, checkpointEvery)
    keepCheckpoints = try value(.keepCheckpoints, keepCheckpoints)
    logEvery = try value(.logEvery, logEvery)
  }

  /// Checks the settings.
  /// - Throws: `TrainerError.invalidConfiguration` naming the field.
  public func validate() throws(TrainerError) {
    let positive = [("steps", steps), ("batch", batchSize), ("eval-episodes", evalEpisodes), ("shards", shards),
      ("threads", threads), ("keep", keepCheckpoints), ("log-every", logEvery)]
    for (name, value) in positive where value < 1 { throw .invalidConfiguration(field: "--\(name)", reason: "must be positive, got \(value)") }
    guard shards <= batchSize else { throw .invalidConfiguration(field: "--shards", reason: "\(shards) exceeds the batch of \(batchSize)") }
    for (name, value) in [("eval-every", evalEvery), ("checkpoint-every", checkpointEvery), ("warmup", warmupSteps)] where value < 0 {
      throw .invalidConfiguration(field: "--\(name)", reason: "must not be negative, got \(value)")
    }
    guard learningRate.isFinite, learningRate > 0 else { throw .invalidConfiguration(field: "--lr", reason: "must be positive, got \(learningRate)") }
    guard returnScale.isFinite, returnScale > 0 else { throw .invalidConfiguration(field: "return scale", reason: "must be positive") }
    guard (0...1).contains(progressiveFraction) else { throw .invalidConfiguration(field: "ptbn fraction", reason: "must lie in [0, 1]") }
    do { try model.validate() } catch { throw .model(error) }
  }

  /// The learning-rate schedule.
  public var schedule: LearningRateSchedule {
    .warmupCosine(warmup: warmupSteps, totalSteps: steps, minimumFactor: minimumLearningRateFactor)
  }
}

/// Per-environment defaults of `train-offline` (the documented table; `spikingmind train-offline --help`
/// and docs/TRAINING.md show it). Chosen so the spiking DSFormer reaches the expert's return on the expert
/// dataset on 2 cores; the other models take the same optimisation settings with their own architectures.
public enum OfflineDefaults {
  /// One row.
  public struct Row: Sendable {
    /// Model width, layers, context K, SNN T.
    public let hidden: Int, layers: Int, context: Int, timeSteps: Int
    /// Steps, batch, learning rate, warmup.
    public let steps: Int, batch: Int, learningRate: Float, warmup: Int
    /// Returns-to-go scale.
    public let returnScale: Double
  }

  /// The table by environment id; other environments take `fallback`.
  public static let table: [String: Row] = [
    "CartPole-v1": Row(hidden: 64, layers: 2, context: 20, timeSteps: 4, steps: 1500, batch: 64, learningRate: 1e-3, warmup: 100, returnScale: 100),
    "MountainCar-v0": Row(hidden: 64, layers: 2, context: 20, timeSteps: 4, steps: 3000, batch: 64, learningRate: 1e-3, warmup: 100, returnScale: 100),
    "MountainCarContinuous-v0": Row(hidden: 64, layers: 2, context: 20, timeSteps: 4, steps: 3000, batch: 64, learningRate: 1e-3, warmup: 100, returnScale: 100),
    "Acrobot-v1": Row(hidden: 64, layers: 2, context: 20, timeSteps: 4, steps: 3000, batch: 64, learningRate: 1e-3, warmup: 100, returnScale: 100),
    "Pendulum-v1": Row(hidden: 64, layers: 2, context: 20, timeSteps: 4, steps: 4000, batch: 64, learningRate: 1e-3, warmup: 100, returnScale: 1000),
    "LunarLander-v3": Row(hidden: 128, layers: 3, context: 20, timeSteps: 4, steps: 6000, batch: 64, learningRate: 5e-4, warmup: 200, returnScale: 100),
    "LunarLanderContinuous-v3": Row(hidden: 128, layers: 3, context: 20, timeSteps: 4, steps: 6000, batch: 64, learningRate: 5e-4, warmup: 200, returnScale: 100),
    "BipedalWalker-v3": Row(hidden: 128, layers: 3, context: 20, timeSteps: 4, steps: 8000, batch: 64, learningRate: 5e-4, warmup: 200, returnScale: 100),
  ].merging(locomotion) { first, _ in first }

  /// MuJoCo locomotion (v4 and v5): returns-to-go scaled by 1000 as DT and DSFormer do for these tasks; a small
  /// model and 3000 steps so the D4RL-style table (3 tasks × 3 tiers × 2 models × 3 seeds) fits on 2 cores.
  static let locomotion: [String: Row] = Dictionary(uniqueKeysWithValues: ["Hopper", "HalfCheetah", "Walker2d"].flatMap { task in
    ["v4", "v5"].map { version in
      ("\(task)-\(version)", Row(hidden: 64, layers: 2, context: 20, timeSteps: 4, steps: 3000, batch: 64, learningRate: 1e-3, warmup: 100, returnScale: 1000))
    }
  })

  /// Environments without a row.
  public static let fallback = Row(hidden: 128, layers: 3, context: 20, timeSteps: 4, steps: 5000, batch: 64, learningRate: 5e-4, warmup: 200, returnScale: 100)

  /// The row of `environment`.
  public static func row(_ environment: String) -> Row { table[environment] ?? fallback }

  /// The default model of a family for a task.
  public static func model(
    _ kind: ModelKind, row: Row, stateDimension: Int, actionDimension: Int, discrete: Bool, maxEpisodeLength: Int
  ) -> ModelConfiguration {
    switch kind {
    case .dsformer:
      var c = SpikingDecisionTransformerConfiguration(stateDimension: stateDimension, actionDimension: actionDimension, discrete: discrete)
      (c.hiddenSize, c.layers, c.contextLength, c.timeSteps) = (row.hidden, row.layers, row.context, row.timeSteps)
      return .dsformer(c)
    case .snndt:
      var c = SNNDecisionTransformerConfiguration(stateDimension: stateDimension, actionDimension: actionDimension, discrete: discrete)
      (c.hiddenSize, c.innerSize, c.layers, c.contextLength, c.timeSteps) = (row.hidden, 4 * row.hidden, row.layers, row.context, row.timeSteps)
      c.maxEpisodeLength = maxEpisodeLength
      return .snndt(c)
    case .dt:
      var c = DecisionTransformerConfiguration(stateDimension: stateDimension, actionDimension: actionDimension, discrete: discrete)
      (c.hiddenSize, c.innerSize, c.layers, c.contextLength) = (row.hidden, 4 * row.hidden, row.layers, row.context)
      c.maxEpisodeLength = maxEpisodeLength
      return .dt(c)
    }
  }
}
