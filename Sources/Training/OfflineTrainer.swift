public import DecisionModels
import Foundation
public import NeuralNetworks
public import Parallelism
public import RLCore
public import SpikingLayers
public import Trajectories
import TensorEngine

/// Offline training of a decision model on a dataset: sharded steps, metrics, evaluations, checkpoints,
/// bit-exact resume, a tripwire on non-finite values.
///
/// Every random stream is a function of the seed and the step: the batch of step s is drawn by
/// `NumPyGenerator(seed: mix(seed, s, 1))`, its dropout keys from `mix(seed, s, 2)`; so a run stopped at N and
/// resumed to N + M equals the N + M-step run bit for bit (its optimiser moments, buffers and PTBN counters are
/// in the checkpoint).
public final class OfflineTrainer {
  /// A progress report.
  public struct Progress: Sendable {
    /// Steps done and total.
    public let step: Int, steps: Int
    /// The latest interval's mean loss and firing rate.
    public let loss: Double, firingRate: Double?
    /// Steps per second so far.
    public let stepsPerSecond: Double
    /// The last evaluation (mean ± std), if any.
    public let lastEvaluation: EvaluationSummary?
  }

  /// The resolved configuration.
  public let configuration: OfflineTrainingConfiguration
  /// The environment.
  public let spec: EnvironmentSpec
  /// The data.
  public let data: OfflineData
  /// The run directory.
  public let run: String
  let model: TrainableModel
  /// The current parameters and buffers.
  public internal(set) var state: ModelState
  var optimizer: AdamW
  /// Completed steps.
  public internal(set) var step: Int
  let log: MetricsLog
  let pool: WorkerPool?
  /// The other processes of a distributed run (each computes its block of every step's shards), or nil.
  let exchange: (any ShardExchange)?
  /// Whether this process writes checkpoints, metrics and evaluates: the only one, or rank 0.
  public var writes: Bool { (exchange?.rank ?? 0) == 0 }
  /// The latest evaluation.
  public internal(set) var lastEvaluation: EvaluationSummary?

  /// Prepares a run: a new one in `run`, or the continuation of `resume` (its latest checkpoint).
  /// - Throws: `TrainerError` for bad settings, data or checkpoints.
  public init(
    configuration: OfflineTrainingConfiguration, registry: EnvironmentRegistry, run: String, resume: Checkpoint? = nil,
    exchange: (any ShardExchange)? = nil
  ) throws(TrainerError) {
    try configuration.validate()
    if let exchange, configuration.shards < exchange.size {
      throw .invalidConfiguration(field: "--shards", reason: "\(configuration.shards) shards cannot be split over \(exchange.size) processes")
    }
    self.exchange = exchange
    self.configuration = configuration
    self.run = run
    do {
      spec = try registry.spec(configuration.environment)
      let environment = try registry.make(spec.id)
      data = try OfflineData.load(
        paths: configuration.data, spec: spec, environment: environment, contextLength: configuration.model.contextLength,
        returnScale: configuration.returnScale, maxEpisodeLength: Self.maxEpisodeLength(configuration.model))
    } catch let error as TrainerError {
      throw error
    } catch let error as RegistryError {
      throw .registry(error)
    } catch {
      throw .invalidConfiguration(field: "--env", reason: "\(error)")
    }
    model = try Self.model(configuration.model)
    pool = configuration.threads > 1 ? WorkerPool(threads: configuration.threads) : nil
    // Shards run on our own threads: OpenBLAS's would spin on the same cores.
    BLASInfo.setThreads(1)
    let metricsPath = (exchange?.rank ?? 0) == 0 ? (run as NSString).appendingPathComponent("metrics.jsonl") : nil
    if let resume {
      guard resume.metadata.environment == spec.id else {
        throw .checkpointEnvironment(path: run, checkpoint: resume.metadata.environment, requested: spec.id)
      }
      guard resume.metadata.datasetFingerprint == data.fingerprint else {
        throw .incompatibleDataset(path: run, checkpoint: resume.metadata.datasetFingerprint, dataset: data.fingerprint)
      }
      guard resume.metadata.model == configuration.model else {
        throw .invalidConfiguration(field: "--resume", reason: "the checkpoint's model is \(resume.metadata.model.summary), not \(configuration.model.summary)")
      }
      (state, optimizer, step) = (resume.state, resume.optimizer, resume.progress.step)
      let saved = (try? CheckpointStore.resolve(run)).map { MetricsLog.read(($0 as NSString).appendingPathComponent("metrics.jsonl")) } ?? []
      log = MetricsLog(path: metricsPath, lines: saved)
    } else {
      state = model.initialState(seed: configuration.seed)
      var adam = AdamW.Configuration()
      (adam.learningRate, adam.weightDecay) = (configuration.learningRate, configuration.weightDecay)
      optimizer = AdamW(configuration: adam)
      step = 0
      if metricsPath != nil {
        do { try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true) } catch {
          throw .io(path: run, reason: error.localizedDescription)
        }
      }
      log = MetricsLog(path: metricsPath)
    }
  }

  /// The timestep table size a model needs for this environment (DT, SNN-DT).
  static func maxEpisodeLength(_ model: ModelConfiguration) -> Int {
    switch model {
    case .dsformer(let c): c.timestepEmbedding ?? 1000
    case .snndt(let c): c.maxEpisodeLength
    case .dt(let c): c.maxEpisodeLength
    }
  }

  static func model(_ configuration: ModelConfiguration) throws(TrainerError) -> TrainableModel {
    do { return try TrainableModel(configuration) } catch { throw .model(error) }
  }

  /// The conditioning targets: the configuration's, or the expert's reference return (the mean return of the
  /// environment's expert, recorded in the dataset; conditioning far above the data's typical returns, e.g. on
  /// its best episode, leaves the training distribution), or the data's best return without a reference.
  public var targets: [Double] {
    if !configuration.targetReturns.isEmpty { return configuration.targetReturns }
    return [data.metadata.expertReturn != 0 || data.metadata.randomReturn != 0 ? data.metadata.expertReturn : data.bestReturn]
  }

  /// A stream seed: SplitMix64 of the seed, the step and the stream number.
  static func mix(_ seed: UInt64, _ step: Int, _ stream: UInt64) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (UInt64(step) &+ 1) ^ (stream &* 0xD1B5_4A32_D192_ED03)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return (z ^ (z >> 31)) >> 1
  }

  /// The checkpoint metadata of the current state.
  public var metadata: CheckpointMetadata {
    CheckpointMetadata(
      environment: spec.id, model: configuration.model, actionCodec: data.codec, observationMean: data.sampler.statistics.mean,
      observationStd: data.sampler.statistics.std, returnScale: configuration.returnScale, datasetFingerprint: data.fingerprint,
      step: step, targetReturn: targets[0], randomReturn: data.metadata.randomReturn, expertReturn: data.metadata.expertReturn,
      returnToGoRange: data.returnToGoRange, toolkitVersion: Toolkit.version)
  }
}
