public import DecisionModels
import Foundation
public import NeuralNetworks
public import Parallelism
public import RLCore
public import SpikingLayers
import TensorEngine

/// REINFORCE fine-tuning of an offline checkpoint online (the SpikingMindRL seed's promise, with the warm
/// start its code lacks; MODELS.md §3.4).
///
/// Each update collects `episodesPerUpdate` episodes (never spanning resets) with the stochastic policy —
/// discrete: a softmax over the logits; continuous: a Gaussian around the tanh head with a learnable log σ —
/// conditioned on the exploration target; computes per-episode returns-to-go with γ, a baseline, advantages
/// (standardised if asked); and takes one AdamW step on the policy-gradient objective (`PolicyGradientLoss`)
/// whose log-probabilities are evaluated on exactly the windows and return targets the policy acted on, in
/// evaluation mode (PTBN in its final BN state with frozen running statistics, no dropout: the acting policy),
/// with an entropy bonus and an optional KL anchor to the offline policy. Every stream is a function of the
/// seed and the update, so a resumed run continues bit for bit.
public final class OnlineFineTuner {
  /// The resolved configuration.
  public let configuration: OnlineFineTuningConfiguration
  /// The environment.
  public let spec: EnvironmentSpec
  /// The run directory.
  public let run: String
  /// The offline checkpoint (frozen: the anchor and the lineage).
  public let offline: Checkpoint
  let model: TrainableModel
  /// The policy's parameters (with `policy.log_std` for continuous actions) and buffers.
  public internal(set) var state: ModelState
  var optimizer: AdamW
  /// Updates, environment steps and episodes done.
  public internal(set) var update = 0, environmentSteps = 0, episodes = 0
  var ema: Double?
  let log: MetricsLog
  let pool: WorkerPool?
  var vector: VectorEnvironment
  /// The offline policy's runners (one per thread), made on first use by the anchor.
  var offlineRunnerCache: [any ActionRunner]?
  /// The evaluation before the first update and the latest one.
  public internal(set) var firstEvaluation: EvaluationSummary?, lastEvaluation: EvaluationSummary?

  /// The name of the Gaussian policy's log σ among the parameters.
  public static let logStdName = "policy.log_std"

  /// Prepares a run from the offline checkpoint `configuration.checkpoint`, or continues `resume`.
  /// - Throws: `TrainerError` (another environment, a corrupted checkpoint, bad settings).
  public init(
    configuration: OnlineFineTuningConfiguration, registry: EnvironmentRegistry, run: String, resume: Checkpoint? = nil
  ) throws(TrainerError) {
    try configuration.validate()
    self.configuration = configuration
    self.run = run
    offline = try CheckpointStore.read(configuration.checkpoint)
    do { spec = try registry.spec(configuration.environment) } catch { throw .registry(error) }
    guard offline.metadata.environment == spec.id else {
      throw .checkpointEnvironment(path: configuration.checkpoint, checkpoint: offline.metadata.environment, requested: spec.id)
    }
    model = try offline.model()
    pool = configuration.threads > 1 ? WorkerPool(threads: configuration.threads) : nil
    BLASInfo.setThreads(1)
    do {
      vector = try VectorEnvironment(spec: spec, count: min(configuration.episodesPerUpdate, max(8, 4 * configuration.threads)))
    } catch { throw .registry(error) }
    let metricsPath = (run as NSString).appendingPathComponent("metrics.jsonl")
    if let resume {
      guard resume.metadata.environment == spec.id else { throw .checkpointEnvironment(path: run, checkpoint: resume.metadata.environment, requested: spec.id) }
      state = resume.state
      if let logStd = resume.extras[Self.logStdName] { state.parameters[Self.logStdName] = logStd }
      optimizer = resume.optimizer
      let online = resume.progress.online
      (update, environmentSteps, episodes) = (Int(online["update"] ?? 0), Int(online["environment_steps"] ?? 0), Int(online["episodes"] ?? 0))
      ema = online["ema"]
      log = MetricsLog(path: metricsPath, lines: MetricsLog.read(((try? CheckpointStore.resolve(run)) ?? run) + "/metrics.jsonl"))
    } else {
      state = offline.state
      if !offline.metadata.actionCodec.discrete {
        state.parameters[Self.logStdName] = Tensor(repeating: configuration.initialLogStd, shape: [offline.metadata.actionCodec.count])
      }
      var adam = offline.optimizer.configuration
      (adam.learningRate, adam.weightDecay) = (configuration.learningRate, 0)
      optimizer = AdamW(configuration: adam)
      do { try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true) } catch {
        throw .io(path: run, reason: error.localizedDescription)
      }
      log = MetricsLog(path: metricsPath)
    }
  }

  /// The evaluation conditioning return.
  public var target: Double { configuration.targetReturn ?? offline.metadata.targetReturn }

  /// The checkpoint metadata: the offline one with the lineage and the online steps.
  public var metadata: CheckpointMetadata {
    var m = offline.metadata
    m.lineage = [configuration.checkpoint] + offline.metadata.lineage
    m.onlineSteps = offline.metadata.onlineSteps + environmentSteps
    m.targetReturn = target
    return m
  }

  /// Whether the budget is spent.
  var isDone: Bool {
    if let limit = configuration.episodes { return episodes >= limit }
    return environmentSteps >= configuration.environmentSteps
  }

  /// Runners of the current policy, one per thread.
  func runners() throws(TrainerError) -> [any ActionRunner] {
    var runners: [any ActionRunner] = []
    for _ in 0..<configuration.threads {
      do { runners.append(try model.runner(state: state)) } catch { throw .model(error) }
    }
    return runners
  }

  /// The offline policy's runners, one per thread.
  func offlineRunners() throws(TrainerError) -> [any ActionRunner] {
    if let offlineRunnerCache { return offlineRunnerCache }
    var runners: [any ActionRunner] = []
    for _ in 0..<configuration.threads {
      do { runners.append(try model.runner(state: offline.state)) } catch { throw .model(error) }
    }
    offlineRunnerCache = runners
    return runners
  }

  /// Evaluates the current policy (deterministic actions) and logs it.
  @discardableResult
  func evaluate() throws(TrainerError) -> EvaluationSummary {
    let summary = try Evaluator(spec: spec, metadata: metadata).evaluate(
      runners: try runners(), pool: pool, targetReturn: target, episodes: configuration.evalEpisodes, seed: configuration.evalSeed)
    log.append(EvaluationRecord(
      step: update, targetReturn: target, mean: summary.mean, std: summary.std, min: summary.min, max: summary.max,
      normalizedScore: summary.normalizedScore, successRate: summary.successRate, episodes: summary.episodes))
    lastEvaluation = summary
    return summary
  }

  /// Writes a checkpoint (log σ among the extras, so the weights keep the model's own names).
  func save() throws(TrainerError) -> String {
    var saved = state
    var extras: [String: Tensor] = [:]
    if let logStd = saved.parameters[Self.logStdName] {
      extras[Self.logStdName] = logStd
      saved.parameters[Self.logStdName] = nil
    }
    var progress = TrainerProgress(step: offline.progress.step, seed: configuration.seed, schedule: .linearWarmup(steps: 0))
    progress.online = ["update": Double(update), "environment_steps": Double(environmentSteps), "episodes": Double(episodes)]
    if let ema { progress.online["ema"] = ema }
    progress.streams = ["collection": "episode seeds mix(seed, update, 3) + i", "actions": "NumPyGenerator(seed: mix(seed, update, 4) + copy)"]
    let checkpoint = Checkpoint(metadata: metadata, state: saved, optimizer: optimizer, progress: progress, extras: extras)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    let config = (try? encoder.encode(configuration)) ?? Data()
    try? config.write(to: URL(fileURLWithPath: (run as NSString).appendingPathComponent("config.json")), options: .atomic)
    // Fine-tuning checkpoints are numbered by update.
    progress.step = update
    var numbered = checkpoint
    numbered.progress = progress
    numbered.progress.online["offline_step"] = Double(offline.progress.step)
    return try CheckpointStore.write(numbered, run: run, configuration: config, metrics: log.data, keep: configuration.keepCheckpoints)
  }
}
