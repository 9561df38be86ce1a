public import ArgumentParser
import Foundation
import RLCore
public import Training

/// `spikingmind finetune-online`: REINFORCE fine-tuning warm-started from an offline checkpoint.
struct FinetuneOnline: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "finetune-online",
    abstract: "Improve an offline checkpoint online with REINFORCE (warm start, KL anchor, baselines).",
    discussion: """
      Evaluates the offline policy, fine-tunes it on freshly collected episodes (stochastic policy: softmax over \
      the logits, or a Gaussian around the tanh head with a learnable log σ), and evaluates again on the same \
      seeds; the run directory (default Checkpoints/<offline run>-online-<timestamp>) records the lineage. \
      --resume DIR continues a run bit for bit.
      """)

  @Option(help: "The offline run or checkpoint directory.")
  var checkpoint: String?

  @Option(help: "Environment id to check the checkpoint against.")
  var env: String?

  @Option(help: "Environment steps to collect.")
  var envSteps: Int?

  @Option(help: "Episodes to collect (instead of --env-steps).")
  var episodes: Int?

  @Option(help: "Episodes per update.")
  var episodesPerUpdate: Int?

  @Option(help: "Learning rate.")
  var lr: Float?

  @Option(help: "Returns-to-go discount.")
  var gamma: Double?

  @Option(help: "Entropy bonus coefficient.")
  var entropy: Float?

  @Option(help: "Baseline: none, mean, ema or value.")
  var baseline: OnlineFineTuningConfiguration.Baseline?

  @Flag(inversion: .prefixedNo, help: "Standardise each update's advantages (default on).")
  var normalizeAdvantages = true

  @Option(help: "KL anchor to the offline policy (0: none).")
  var anchorKl: Float?

  @Option(help: "Fraction of each update's steps in the gradient, drawn uniformly (default 0.25; 1: every step).")
  var updateFraction: Double?

  @Option(help: "Optimiser steps per update, each on a fresh --update-fraction draw; above 1 with PPO's clipped ratio (default 1).")
  var updateSteps: Int?

  @Option(help: "PPO clip on the ratio to the acting policy, with --update-steps above 1 (default 0.2).")
  var clip: Float?

  @Option(help: "Evaluation conditioning return (default: the checkpoint's).")
  var targetReturn: Double?

  @Option(help: "Collection conditioning return (default: the target).")
  var explorationTarget: Double?

  @Option(help: "Evaluate every N updates (0: before and after only).")
  var evalEvery: Int?

  @Option(help: "Evaluation episodes.")
  var evalEpisodes: Int?

  @Option(help: "Seed (collection, action sampling).")
  var seed: UInt64?

  @Option(help: "Threads.")
  var threads: Int?

  @Option(help: "Checkpoint every N updates (0: at the end).")
  var checkpointEvery: Int?

  @Option(help: "Run directory.")
  var out: String?

  @Option(help: "Continue the fine-tuning run in this directory.")
  var resume: String?

  @Flag(help: "Print a JSON summary.")
  var json = false

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      var (configuration, resumed, run) = try resolve(registry)
      if let env, try registry.spec(env).id != configuration.environment {
        throw TrainerError.checkpointEnvironment(path: configuration.checkpoint, checkpoint: configuration.environment, requested: try registry.spec(env).id)
      }
      if resumed == nil { apply(to: &configuration) }
      let tuner = try OnlineFineTuner(configuration: configuration, registry: registry, run: run, resume: resumed)
      let total = configuration.episodes.map { $0 / configuration.episodesPerUpdate } ?? 0
      var reporter = ProgressReporter(total: max(total, 1), label: "finetune-online \(tuner.spec.id)")
      var loopRate = 0.0
      let directory = try tuner.train { p in
        loopRate = p.stepsPerSecond
        var detail = String(format: "%d env steps, %.0f steps/s, collection return %.1f", p.environmentSteps, p.stepsPerSecond, p.collectionReturn)
        if let rate = p.firingRate { detail += String(format: ", firing %.3f", rate) }
        if let e = p.lastEvaluation { detail += String(format: ", eval %.1f ± %.1f", e.mean, e.std) }
        reporter.update(done: total > 0 ? min(p.update, total) : 0, detail: "update \(p.update), " + detail)
      }
      let summary = FinetuneSummary(
        run: run, checkpoint: directory, environment: tuner.spec.id, updates: tuner.update, environmentSteps: tuner.environmentSteps,
        episodes: tuner.episodes, seconds: reporter.elapsedSeconds, loopStepsPerSecond: loopRate, before: tuner.firstEvaluation, after: tuner.lastEvaluation)
      if json { print(try JSONOutput.encode(summary)); return }
      for (label, e) in [("before", tuner.firstEvaluation), ("after", tuner.lastEvaluation)] {
        guard let e else { continue }
        print(String(format: "%@ (target %.1f, %d episodes): return %.2f ± %.2f (s.e. %.2f), normalised %.1f", label, e.targetReturn,
          e.episodes, e.mean, e.std, e.standardError, e.normalizedScore))
      }
      print("checkpoint: \(run)")
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }

  func resolve(_ registry: EnvironmentRegistry) throws -> (OnlineFineTuningConfiguration, Checkpoint?, String) {
    if let resume {
      let checkpoint = try CheckpointStore.read(resume)
      let path = (resume as NSString).appendingPathComponent("config.json")
      guard let data = FileManager.default.contents(atPath: path) else {
        throw TrainerError.checkpoint(path: path, field: "file", reason: "missing or unreadable")
      }
      var configuration: OnlineFineTuningConfiguration
      do { configuration = try JSONDecoder().decode(OnlineFineTuningConfiguration.self, from: data) } catch {
        throw TrainerError.checkpoint(path: path, field: "configuration", reason: "\(error)")
      }
      if let envSteps { configuration.environmentSteps = envSteps }
      if let episodes { configuration.episodes = episodes }
      return (configuration, checkpoint, resume)
    }
    guard let checkpoint else { throw ValidationError("--checkpoint is required (or --resume)") }
    let offline = try CheckpointStore.read(checkpoint)
    let base = URL(fileURLWithPath: (try CheckpointStore.resolve(checkpoint) as NSString).deletingLastPathComponent).lastPathComponent
    let run = out ?? "Checkpoints/\(base)-online-\(TrainOffline.timestamp())"
    try CheckpointStore.requireFresh(run: run)
    return (OnlineFineTuningConfiguration(checkpoint: checkpoint, environment: offline.metadata.environment), nil, run)
  }

  func apply(to c: inout OnlineFineTuningConfiguration) {
    if let envSteps { c.environmentSteps = envSteps }
    if let episodes { c.episodes = episodes }
    if let episodesPerUpdate { c.episodesPerUpdate = episodesPerUpdate }
    if let lr { c.learningRate = lr }
    if let gamma { c.gamma = gamma }
    if let entropy { c.entropy = entropy }
    if let baseline { c.baseline = baseline }
    c.normalizeAdvantages = normalizeAdvantages
    if let anchorKl { c.anchorKL = anchorKl }
    if let updateFraction { c.updateFraction = updateFraction }
    if let updateSteps { c.updateSteps = updateSteps }
    if let clip { c.clip = clip }
    if let targetReturn { c.targetReturn = targetReturn }
    if let explorationTarget { c.explorationTarget = explorationTarget }
    if let evalEvery { c.evalEvery = evalEvery }
    if let evalEpisodes { c.evalEpisodes = evalEpisodes }
    if let seed { c.seed = seed }
    if let threads { c.threads = threads }
    if let checkpointEvery { c.checkpointEvery = checkpointEvery }
  }
}

extension OnlineFineTuningConfiguration.Baseline: ExpressibleByArgument {}

/// The result of `finetune-online`.
struct FinetuneSummary: Codable {
  let run: String
  let checkpoint: String
  let environment: String
  let updates: Int
  let environmentSteps: Int
  let episodes: Int
  let seconds: Double
  /// Environment steps per second of the loop (collection + update; evaluations before and after excluded).
  let loopStepsPerSecond: Double
  let before: EvaluationSummary?
  let after: EvaluationSummary?
}
