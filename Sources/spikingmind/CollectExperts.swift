public import ArgumentParser
public import Experts
import Foundation
import RLCore
import Trajectories

/// `spikingmind collect-experts`: seeded expert (or tiered) episodes into a `.npz` dataset.
struct CollectExperts: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "collect-experts",
    abstract: "Collect seeded episodes of an environment's expert into a numpy-readable .npz dataset.")

  @Option(help: "Environment id, e.g. CartPole or CartPole-v1.")
  var env: String

  @Option(help: "Number of episodes.")
  var episodes: Int = 100

  @Option(help: "Quality tier: expert, medium, random or mixed.")
  var quality: QualityTier = .expert

  @Option(help: "Base seed; episode i uses a seed derived from it, so the file is the same for any worker count.")
  var seed: UInt64 = 0

  @Option(help: "Worker threads (default: the number of cores).")
  var workers: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "Random-action probability of the medium tier (default: the expert's tuned value).")
  var noise: Double?

  @Option(help: "A train-expert run directory (or its expert.json) whose policy is the expert, e.g. for MuJoCo tasks.")
  var expert: String?

  @Option(help: "Output file (default: Demos/<env-id>-<quality>.npz).")
  var out: String?

  @Option(name: .customLong("option"), help: "Constructor option name=value (repeatable).")
  var options: [OptionArgument] = []

  @Flag(help: "Deflate the arrays, as np.savez_compressed does (numpy.load reads both).")
  var compress = false

  @Flag(help: "Print a JSON summary instead of text.")
  var json = false

  func validate() throws {
    guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
    guard workers > 0 else { throw ValidationError("--workers must be positive, got \(workers)") }
    if let noise, !(0...1).contains(noise) { throw ValidationError("--noise must be in [0, 1], got \(noise)") }
  }

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      if quality == .mediumReplay { return try replayTraining(registry: registry) }
      let spec = try expert.map { try Self.spec(try registry.spec(env), trained: $0, quality: quality) } ?? registry.spec(env)
      // A trained run's medium tier is a partly trained snapshot, without random actions unless --noise asks.
      let mediumNoise = noise ?? (expert != nil && quality == .medium ? 0 : nil)
      let collector = ExpertCollector(
        spec: spec, options: OptionArgument.options(options), quality: quality, seed: seed, mediumNoise: mediumNoise)
      let environment = try registry.make(spec.id, options: collector.options)
      // An expert that cannot be made (a task without a built-in one) fails before any episode runs.
      if quality != .random, let expert = spec.expert { _ = try expert.makePolicy(collector.options) }
      let path = out ?? "Demos/\(spec.id)-\(quality.rawValue).npz"
      try OutputPath.check(path)
      var reporter = ProgressReporter(total: episodes, label: "collect \(spec.id) \(quality.rawValue)")
      var steps = 0
      var returns = 0.0
      let collected = try collector.collect(episodes: episodes, workers: workers) { done, episode in
        steps += episode?.count ?? 0
        returns += episode?.totalReward ?? 0
        let rate = Double(steps) / max(reporter.elapsedSeconds, 1e-9)
        reporter.update(
          done: done, detail: String(format: "%.0f steps/s, mean return %.2f", rate, returns / Double(done)))
      }
      let dataset = collector.dataset(of: collected, environment: environment)
      try DatasetFile.write(dataset, to: path, compress: compress)
      try report(dataset, path: path, seconds: reporter.elapsedSeconds)
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }

  /// Prints the summary line (or JSON) of a written dataset.
  func report(_ dataset: TrajectoryDataset, path: String, seconds: Double) throws {
    do {
      let summary = CollectionSummary(
        path: path, env: dataset.metadata.envID, quality: quality.rawValue, episodes: dataset.metadata.episodes,
        steps: dataset.metadata.steps, meanReturn: dataset.metadata.returns.mean,
        stdReturn: dataset.metadata.returns.std, seconds: seconds,
        stepsPerSecond: Double(dataset.metadata.steps) / max(seconds, 1e-9), workers: workers)
      if json {
        print(try JSONOutput.encode(summary))
      } else {
        print(
          "wrote \(path): \(summary.episodes) episodes, \(summary.steps) steps, return "
            + String(format: "%.2f ± %.2f, %.0f steps/s", summary.meanReturn, summary.stdReturn, summary.stepsPerSecond))
      }
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }
}

extension CollectExperts {
  /// `spec` with a trained expert (`train-expert`'s linear policy) in place of its registered one — for the medium
  /// tier the run's snapshot nearest a third of its last evaluation; the reference returns stay the registered
  /// expert's (D4RL's for the MuJoCo tasks) where there is one.
  static func spec(_ spec: EnvironmentSpec, trained path: String, quality: QualityTier) throws -> EnvironmentSpec {
    var checkpoint: ExpertCheckpoint
    do { checkpoint = try ExpertCheckpoint.read(path) } catch { throw CommandError(error) }
    var source = path
    if quality == .medium {
      let run = (path as NSString).lastPathComponent == ExpertCheckpoint.fileName ? (path as NSString).deletingLastPathComponent : path
      do { (source, checkpoint) = try ExpertCheckpoint.mediumSnapshot(run: run) } catch { throw CommandError(error) }
      FileHandle.standardError.write(Data(("medium tier: \(source) (evaluation "
        + String(format: "%.1f", checkpoint.lastEvaluation ?? 0) + ")\n").utf8))
    }
    guard checkpoint.environment == spec.id else {
      throw CommandError(message: "\(path) is an expert for \(checkpoint.environment), not \(spec.id)")
    }
    let registered = spec.expert
    let policy = checkpoint.state.policy
    let trained = ExpertSpec(
      name: "ars-linear", summary: "ARS linear policy from \(source) (iteration \(checkpoint.state.iteration))",
      mediumNoise: registered?.mediumNoise ?? 0.3, randomReturn: registered?.randomReturn ?? 0,
      expertReturn: registered?.expertReturn ?? checkpoint.lastEvaluation ?? 1
    ) { _ throws(EnvironmentError) in policy }
    return EnvironmentSpec(
      id: spec.id, maxEpisodeSteps: spec.maxEpisodeSteps, rewardThreshold: spec.rewardThreshold,
      isDeterministic: spec.isDeterministic, defaultOptions: spec.defaultOptions, summary: spec.summary, expert: trained,
      makeEnvironment: spec.makeEnvironment)
  }
}

extension QualityTier: ExpressibleByArgument {}

/// The result of `collect-experts`.
struct CollectionSummary: Codable {
  let path: String
  let env: String
  let quality: String
  let episodes: Int
  let steps: Int
  let meanReturn: Double
  let stdReturn: Double
  let seconds: Double
  let stepsPerSecond: Double
  let workers: Int
}
