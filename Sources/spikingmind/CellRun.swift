import ArgumentParser
import EnergyProfiling
import Foundation
import RLCore
import TensorEngine
import Training

/// One grid cell × seed of `ablate` and `sweep`: its `train-offline` command, then training (or resuming),
/// evaluation and the energy profile, kept in a result file so a finished run is never repeated.
struct CellRun {
  /// The run's directory.
  let run: String
  /// The environment id as given.
  let env: String
  let cell: AblationCell
  let seed: Int
  /// Optimisation steps (nil: the environment's default), dataset files (empty: the default), threads.
  let steps: Int?, data: [String], threads: Int

  /// The `train-offline` of the run: a fresh one, or `--resume` of an interrupted one.
  /// - Throws: `ValidationError` naming the cell when its settings are not valid `train-offline` flags.
  func trainCommand() throws -> TrainOffline {
    if FileManager.default.fileExists(atPath: "\(run)/latest") {
      return try TrainOffline.parse(["--resume", run, "--threads", "\(threads)"] + (steps.map { ["--steps", "\($0)"] } ?? []))
    }
    var arguments = ["--env", env, "--seed", "\(seed)", "--threads", "\(threads)", "--out", run] + cell.flags
    if let steps { arguments += ["--steps", "\(steps)"] }
    if !data.isEmpty { arguments += ["--data"] + data }
    do { return try TrainOffline.parse(arguments) } catch {
      throw ValidationError("--grid cell \(cell.name): \(TrainOffline.message(for: error))")
    }
  }

  /// The run's result: kept from `resultFile` in the run directory when it matches (steps, episodes), else
  /// trained (or resumed), evaluated (`episodes` seeded episodes at the checkpoint's target) and profiled
  /// (energy-profile's method, one episode), then written atomically.
  func result(_ command: TrainOffline, registry: EnvironmentRegistry, episodes: Int, resultFile: String) throws -> AblationResult {
    let (configuration, resumed, run) = try command.resolve(registry)
    let file = "\(run)/\(resultFile)"
    if let data = FileManager.default.contents(atPath: file), let kept = try? JSONDecoder().decode(AblationResult.self, from: data),
      kept.steps == configuration.steps, kept.episodes == episodes
    {
      return kept
    }
    let trainer = try OfflineTrainer(configuration: configuration, registry: registry, run: run, resume: resumed)
    if trainer.step < configuration.steps {
      var reporter = ProgressReporter(total: configuration.steps, label: "  train-offline \(trainer.spec.id)")
      _ = try trainer.train { progress in reporter.update(done: progress.step, detail: String(format: "loss %.4f", progress.loss)) }
    }
    let loaded = try CheckpointStore.read(run)
    let evaluation = try TargetSweep.evaluate(loaded, registry: registry, targets: [loaded.metadata.targetReturn], episodes: episodes,
      threads: threads, seed: 0)[0]
    BLASInfo.setThreads(1)
    let (profile, _) = try Profiler(tables: [.spec45nm], episodes: 1, seed: 0, threads: 1).profile(run)
    let result = AblationResult(evaluation: evaluation, profile: profile, steps: configuration.steps, seed: configuration.seed, run: run)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do { try encoder.encode(result).write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
      throw CommandError(message: "\(file): cannot write: \(error.localizedDescription)")
    }
    return result
  }
}
