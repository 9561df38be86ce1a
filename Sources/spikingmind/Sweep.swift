import ArgumentParser
import Foundation
import RLCore

/// `spikingmind sweep`: a grid of `train-offline` settings × seeds × environments as independent runs, on this
/// machine's processes or as one Slurm job array; then `status` and `collect`.
struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a grid of train-offline settings × seeds × environments locally or as a Slurm job array.",
    discussion: """
      `spikingmind sweep --grid time-steps=2,4 attention=pssa,tssa --seeds 2 --envs CartPole,Acrobot` writes \
      OUT/sweep.json (every run: environment, cell, seed, directory OUT/<env>/<cell>/seed-<s>) and runs the \
      tasks. Each task trains with train-offline's defaults for its environment plus its cell's settings, then \
      evaluates and profiles the last checkpoint (as ablate does) into <run>/sweep-result.json. Rerunning the \
      same command skips finished runs; `sweep resubmit OUT` runs the failed and unfinished ones; \
      `sweep collect OUT` writes one table (OUT/results.csv, .json, .md).
      """,
    subcommands: [SweepLaunch.self, SweepRunTask.self, SweepStatus.self, SweepCollect.self, SweepResubmit.self],
    defaultSubcommand: SweepLaunch.self)

  /// The state of one run in its directory.
  enum RunState: String, Codable {
    case done, failed, pending
  }

  /// The result and error files a task writes in its run directory.
  static let resultFile = "sweep-result.json", errorFile = "sweep-error.txt"

  /// The state of every run of a manifest, in index order.
  static func states(_ manifest: SweepManifest, directory: String) -> [RunState] {
    manifest.runs.map { run in
      let base = "\(directory)/\(run.directory)"
      if let data = FileManager.default.contents(atPath: "\(base)/\(resultFile)"),
        (try? JSONDecoder().decode(AblationResult.self, from: data)) != nil
      {
        return .done
      }
      return FileManager.default.fileExists(atPath: "\(base)/\(errorFile)") ? .failed : .pending
    }
  }

  /// The `CellRun` of a manifest's run.
  static func cellRun(_ run: SweepManifest.Run, manifest: SweepManifest, directory: String) -> CellRun {
    CellRun(run: "\(directory)/\(run.directory)", env: run.env, cell: run.gridCell, seed: run.seed, steps: manifest.steps,
      data: manifest.data, threads: manifest.threads)
  }
}

/// `spikingmind sweep [launch]`: expands the grid, writes the manifest, runs or submits the unfinished tasks.
struct SweepLaunch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "launch", abstract: "Expand the grid into runs (sweep.json) and run or submit the unfinished ones.")

  @OptionGroup var options: GridOptions

  @Option(help: "Environments, comma-separated (CartPole,Acrobot).")
  var envs: String

  @Option(help: "Threads per task (training shards, evaluation; results do not depend on it).")
  var threads: Int = 1

  @OptionGroup var launch: SweepLauncherOptions

  @Option(help: "Sweep directory (default: Sweeps/sweep-<timestamp>).")
  var out: String?

  func validate() throws {
    guard threads > 0 else { throw ValidationError("--threads must be positive") }
    guard !envs.split(separator: ",").isEmpty else { throw ValidationError("--envs: give environments, e.g. CartPole,Acrobot") }
  }

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      let ids = try envs.split(separator: ",").map { try registry.spec(String($0)).id }
      guard Set(ids).count == ids.count else { throw CommandError(message: "--envs: an environment is given twice") }
      let files = options.data.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
      let manifest = SweepManifest(envs: ids, grid: options.grid, seeds: options.seeds, steps: options.steps, episodes: options.episodes,
        threads: threads, data: files)
      let directory = URL(fileURLWithPath: out ?? "Sweeps/sweep-\(TrainOffline.timestamp())").standardizedFileURL.path
      if FileManager.default.fileExists(atPath: SweepManifest.path(in: directory)) {
        let (existing, _) = try SweepManifest.read(directory)
        guard existing == manifest else {
          throw CommandError(message: "\(directory) holds a different sweep (its sweep.json); give another --out, or `sweep resubmit \(directory)`")
        }
      }
      // Every run's settings are checked before anything runs.
      for run in manifest.runs { _ = try Sweep.cellRun(run, manifest: manifest, directory: directory).trainCommand() }
      try manifest.write(to: directory)
      let states = Sweep.states(manifest, directory: directory)
      let pending = manifest.runs.indices.filter { states[$0] != .done }
      FileHandle.standardError.write(Data("sweep: \(manifest.runs.count) runs in \(directory), \(pending.count) to run\n".utf8))
      print(try launch.launch(pending, directory: directory, threads: threads))
      print("status: spikingmind sweep status \(directory); table: spikingmind sweep collect \(directory)")
    } catch let error as CommandError {
      throw error
    } catch let error as ValidationError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }
}
