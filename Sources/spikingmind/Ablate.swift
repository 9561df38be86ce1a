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

  @OptionGroup var options: GridOptions

  @Option(help: "Threads (training shards, evaluation).")
  var threads: Int = 2

  @Option(help: "Output directory (default: Ablations/<env>-<timestamp>).")
  var out: String?

  func validate() throws {
    guard threads > 0 else { throw ValidationError("--threads must be positive") }
  }

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      let environment = try registry.spec(env).id
      let directory = out ?? "Ablations/\(environment)-\(TrainOffline.timestamp())"
      let cells = AblationCell.cells(of: options.grid)
      // Every cell's settings are checked before anything trains.
      let runs = cells.map { cell in (0..<options.seeds).map { cellRun(cell, seed: $0, directory: directory) } }
      let commands = try runs.map { try $0.map { try $0.trainCommand() } }
      var rows: [AblationRow] = []
      for (index, cell) in cells.enumerated() {
        var results: [AblationResult] = []
        for seed in 0..<options.seeds {
          FileHandle.standardError.write(Data("ablate \(index + 1)/\(cells.count) \(cell.name) seed \(seed)\n".utf8))
          results.append(try runs[index][seed].result(commands[index][seed], registry: registry, episodes: options.episodes,
            resultFile: "ablation-result.json"))
        }
        rows.append(AblationRow(cell: cell.name, settings: Dictionary(uniqueKeysWithValues: cell.settings.map { ($0.key, $0.value) }), results: results))
        try AblationTable(environment: environment, axes: options.grid.map(\.key), rows: rows).write(to: directory)
      }
      print(AblationTable(environment: environment, axes: options.grid.map(\.key), rows: rows).markdown)
      print("table: \(directory)/ablation.md (.csv, .json)")
    } catch let error as CommandError {
      throw error
    } catch let error as ValidationError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }

  /// The run of one cell × seed.
  func cellRun(_ cell: AblationCell, seed: Int, directory: String) -> CellRun {
    CellRun(run: "\(directory)/\(cell.name)/seed-\(seed)", env: env, cell: cell, seed: seed, steps: options.steps, data: options.data, threads: threads)
  }
}
