/// The `metadata` JSON string of a dataset file: provenance, statistics and the content checksum.
public struct DatasetMetadata: Sendable, Equatable, Codable {
  /// Summary statistics of episode returns.
  public struct ReturnStatistics: Sendable, Equatable, Codable {
    /// Mean return.
    public var mean: Double
    /// Population standard deviation.
    public var std: Double
    /// Smallest return.
    public var min: Double
    /// Largest return.
    public var max: Double

    /// Statistics of `returns` (zeros when empty).
    public init(_ returns: [Double]) {
      guard !returns.isEmpty else {
        (mean, std, min, max) = (0, 0, 0, 0)
        return
      }
      let mean = returns.reduce(0, +) / Double(returns.count)
      self.mean = mean
      std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
      min = returns.min() ?? 0
      max = returns.max() ?? 0
    }
  }

  /// The format tag, `spikingmind-dataset/1`.
  public var format: String = "spikingmind-dataset/1"
  /// The environment id with version, e.g. `CartPole-v1`.
  public var envID: String
  /// Constructor options the episodes were collected with (as command-line text).
  public var envOptions: [String: String]
  /// The expert's name, or `random`.
  public var expert: String
  /// `expert`, `medium`, `random` or `mixed`.
  public var quality: String
  /// The collection seed.
  public var seed: UInt64
  /// The number of episodes.
  public var episodes: Int
  /// The number of steps.
  public var steps: Int
  /// `discrete` or `continuous`.
  public var actionKind: String
  /// The observation length.
  public var observationDimension: Int
  /// The action length (1 for discrete actions).
  public var actionDimension: Int
  /// Episode return statistics.
  public var returns: ReturnStatistics
  /// The random policy's reference return (normalised score 0).
  public var randomReturn: Double
  /// The expert's reference return (normalised score 100).
  public var expertReturn: Double
  /// The toolkit version that wrote the file.
  public var toolkitVersion: String
  /// `fnv1a64:<hex>` over the arrays' bytes in field order.
  public var checksum: String
  /// Where imported data came from (`format`, `file`, the source's own dataset id...); nil for data collected here.
  public var source: [String: String]?

  /// Creates metadata; `episodes`, `steps`, dimensions, `returns` and `checksum` are normally filled in
  /// by `TrajectoryDataset(episodes:...)`.
  public init(
    envID: String, envOptions: [String: String], expert: String, quality: String, seed: UInt64, episodes: Int,
    steps: Int, actionKind: String, observationDimension: Int, actionDimension: Int, returns: ReturnStatistics,
    randomReturn: Double, expertReturn: Double, toolkitVersion: String, checksum: String
  ) {
    self.envID = envID
    self.envOptions = envOptions
    self.expert = expert
    self.quality = quality
    self.seed = seed
    self.episodes = episodes
    self.steps = steps
    self.actionKind = actionKind
    self.observationDimension = observationDimension
    self.actionDimension = actionDimension
    self.returns = returns
    self.randomReturn = randomReturn
    self.expertReturn = expertReturn
    self.toolkitVersion = toolkitVersion
    self.checksum = checksum
  }

  enum CodingKeys: String, CodingKey {
    case format, envID = "env_id", envOptions = "env_options", expert, quality, seed, episodes, steps
    case actionKind = "action_kind", observationDimension = "observation_dimension"
    case actionDimension = "action_dimension", returns, randomReturn = "random_return"
    case expertReturn = "expert_return", toolkitVersion = "toolkit_version", checksum, source
  }
}
