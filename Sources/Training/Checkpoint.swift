public import NeuralNetworks
public import SpikingLayers
public import TensorEngine

/// What a checkpoint records besides tensors: enough to act (normalisation, scales, codec) and to check
/// that it is used with the right environment and data. Stored as JSON in `model.safetensors`'s
/// `__metadata__` (key `spikingmind`), with flat copies of the main fields for other tools.
public struct CheckpointMetadata: Sendable, Equatable, Codable {
  /// The format tag.
  public var format = "spikingmind-checkpoint/1"
  /// The environment id (`CartPole-v1`).
  public var environment: String
  /// The model's architecture.
  public var model: ModelConfiguration
  /// How actions map to the model.
  public var actionCodec: ActionCodec
  /// Observation normalisation (the dataset's mean and standard deviation + 1e-6).
  public var observationMean: [Float]
  /// See `observationMean`.
  public var observationStd: [Float]
  /// Returns-to-go are divided by this.
  public var returnScale: Double
  /// The dataset's checksum(s), joined with `+` for several files.
  public var datasetFingerprint: String
  /// Optimisation steps taken (offline).
  public var step: Int
  /// Online fine-tuning environment steps taken.
  public var onlineSteps = 0
  /// The default conditioning return (raw).
  public var targetReturn: Double
  /// The random and expert reference returns (normalised score 0 and 100).
  public var randomReturn: Double, expertReturn: Double
  /// The smallest and largest return-to-go (raw) of the training data — what `evaluate --clip-return-to-go`
  /// keeps the conditioning inside; nil in checkpoints written before it was recorded.
  public var returnToGoRange: [Double]?
  /// The checkpoints this one descends from (fine-tuning records its offline checkpoint).
  public var lineage: [String] = []
  /// The toolkit version that wrote it.
  public var toolkitVersion: String
}

/// Progress needed to continue a run bit for bit. Every random stream of training is a function of the
/// seed and the step (the batch of step s, its dropout keys), so the step is the whole generator state.
public struct TrainerProgress: Sendable, Equatable, Codable {
  /// Completed optimisation steps.
  public var step: Int
  /// The run's seed.
  public var seed: UInt64
  /// The streams derived from it (documentation of the derivation, checked on resume).
  public var streams = ["batch": "NumPyGenerator(seed: mix(seed, step, 1))", "dropout": "mix(seed, step, 2)",
    "initialization": "seed", "evaluation": "evaluation seed + episode"]
  /// The learning-rate schedule.
  public var schedule: LearningRateSchedule
  /// PTBN schedule counters at this step (`<norm>.iter`), also in the weights' buffers.
  public var progressiveCounters: [String: Int64] = [:]
  /// Online fine-tuning state (episodes, env steps, its own stream positions), when fine-tuning.
  public var online: [String: Double] = [:]
}

/// A complete checkpoint in memory.
public struct Checkpoint: Sendable {
  /// What it is.
  public var metadata: CheckpointMetadata
  /// Parameters and buffers.
  public var state: ModelState
  /// The optimiser with its moments.
  public var optimizer: AdamW
  /// Progress.
  public var progress: TrainerProgress
  /// Learnable parameters outside the model (fine-tuning's log-std), by name.
  public var extras: [String: Tensor] = [:]

  /// Creates a checkpoint.
  public init(metadata: CheckpointMetadata, state: ModelState, optimizer: AdamW, progress: TrainerProgress, extras: [String: Tensor] = [:]) {
    self.metadata = metadata
    self.state = state
    self.optimizer = optimizer
    self.progress = progress
    self.extras = extras
  }

  /// The model.
  /// - Throws: `TrainerError.model` for an invalid configuration.
  public func model() throws(TrainerError) -> TrainableModel {
    do { return try TrainableModel(metadata.model) } catch { throw .model(error) }
  }
}
