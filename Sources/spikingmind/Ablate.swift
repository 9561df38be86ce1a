import ArgumentParser
import EnergyProfiling
import Foundation
import RLCore
import TensorEngine
import Training

/// `spikingmind ablate`: trains and evaluates every cell of a grid of `train-offline` settings, resumably,
/// and writes one table (CSV, JSON, markdown) with return, firing rate, energy and latency per cell.
struct Ablate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train and evaluate every cell of a settings grid (T, context, attention, norm...) over seeds; one table.",
    discussion: """
      Each cell × seed trains with train-offline's defaults for the environment plus the cell's settings, in \
      OUT/<cell>/seed-<s>; then it is evaluated (--episodes seeded episodes at the checkpoint's target, seeds \
      2^63 onwards) and profiled (energy-profile's method, one episode; latency batch 1, one thread). A finished \
      cell × seed keeps its result (OUT/<cell>/seed-<s>/ablation-result.json); an interrupted one resumes from its \
      latest checkpoint, so rerunning the command continues the grid. The table goes to OUT/ablation.{csv,json,md} \
      and the markdown to stdout.
      """)

  @Option(help: "Environment id.")
  var env: String

  @Option(parsing: .upToNextOption, help: "Axes key=v1,v2 (keys: \(AblationAxis.keys.joined(separator: ", "))).")
  var grid: [AblationAxis]

  @Option(help: "Training seeds per cell (0..<N).")
  var seeds: Int = 1

  @Option(help: "Optimisation steps per run (default: the environment's).")
  var steps: Int?

  @Option(parsing: .upToNextOption, help: "Dataset files (default: Demos/<env>-expert.npz).")
  var data: [String] = []

  @Option(help: "Evaluation episodes per cell × seed.")
  var episodes: Int = 10

  @Option(help: "Threads (training shards, evaluation).")
  var threads: Int = 2

  @Option(help: "Output directory (default: Ablations/<env>-<timestamp>).")
  var out: String?

  func validate() throws {
    guard !grid.isEmpty else { throw ValidationError("--grid needs at least one axis, e.g. time-steps=2,4") }
    for axis in grid { try axis.validate() }
    guard Set(grid.map(\.key)).count == grid.count else { throw ValidationError("--grid: an axis is given twice") }
    guard seeds > 0, episodes > 0, threads > 0 else { throw ValidationError("--seeds, --episodes and --threads must be positive") }
    if let steps, steps <= 0 { throw ValidationError("--steps must be positive") }
  }

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      let environment = try registry.spec(env).id
      let directory = out ?? "Ablations/\(environment)-\(TrainOffline.timestamp())"
      let cells = AblationCell.cells(of: grid)
      // Every cell's settings are checked before anything trains.
      let commands = try cells.map { cell in try (0..<seeds).map { try trainCommand(cell, seed: $0, directory: directory) } }
      var rows: [AblationRow] = []
      for (index, cell) in cells.enumerated() {
        var results: [AblationResult] = []
        for seed in 0..<seeds {
          FileHandle.standardError.write(Data("ablate \(index + 1)/\(cells.count) \(cell.name) seed \(seed)\n".utf8))
          results.append(try result(commands[index][seed], registry: registry))
        }
        rows.append(AblationRow(cell: cell.name, settings: Dictionary(uniqueKeysWithValues: cell.settings.map { ($0.key, $0.value) }), results: results))
        try AblationTable(environment: environment, axes: grid.map(\.key), rows: rows).write(to: directory)
      }
      print(AblationTable(environment: environment, axes: grid.map(\.key), rows: rows).markdown)
      print("table: \(directory)/ablation.md (.csv, .json)")
    } catch let error as CommandError {
      throw error
    } catch let error as ValidationError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }

  /// The `train-offline` of one cell × seed: a fresh run, or `--resume` of an interrupted one.
  func trainCommand(_ cell: AblationCell, seed: Int, directory: String) throws -> TrainOffline {
    let run = "\(directory)/\(cell.name)/seed-\(seed)"
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

  /// The cell × seed's result: kept from a finished run, else trained (or resumed), evaluated and profiled.
  func result(_ command: TrainOffline, registry: EnvironmentRegistry) throws -> AblationResult {
    let (configuration, resumed, run) = try command.resolve(registry)
    let file = "\(run)/ablation-result.json"
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
