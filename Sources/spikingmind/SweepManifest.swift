import Foundation

/// `sweep.json`: every run of a sweep (environment × grid cell × seed), its directory and the settings all
/// runs share; what `sweep run-task`, `status`, `collect` and `resubmit` read.
struct SweepManifest: Codable, Equatable {
  /// One axis of the grid.
  struct Axis: Codable, Equatable {
    let key: String
    let values: [String]
  }

  /// One `key = value` of a run's cell.
  struct Setting: Codable, Equatable {
    let key: String
    let value: String
  }

  /// One run: index in the array, environment id, cell, training seed, directory relative to the sweep's.
  struct Run: Codable, Equatable {
    let index: Int
    let env: String
    let cell: String
    let settings: [Setting]
    let seed: Int
    let directory: String

    /// The grid cell.
    var gridCell: AblationCell { AblationCell(settings: settings.map { ($0.key, $0.value) }) }
  }

  /// The format's version.
  var version = 1
  let envs: [String]
  let axes: [Axis]
  let seeds: Int
  /// Optimisation steps per run (nil: each environment's default), evaluation episodes, threads per task.
  let steps: Int?, episodes: Int, threads: Int
  /// Dataset files (absolute; empty: each environment's default).
  let data: [String]
  let runs: [Run]

  /// Every environment × cell × seed, environments varying slowest, then cells (the first axis slowest), then seeds.
  init(envs: [String], grid: [AblationAxis], seeds: Int, steps: Int?, episodes: Int, threads: Int, data: [String]) {
    (self.envs, self.seeds, self.steps, self.episodes, self.threads, self.data) = (envs, seeds, steps, episodes, threads, data)
    axes = grid.map { Axis(key: $0.key, values: $0.values) }
    var runs: [Run] = []
    for env in envs {
      for cell in AblationCell.cells(of: grid) {
        for seed in 0..<seeds {
          runs.append(Run(index: runs.count, env: env, cell: cell.name, settings: cell.settings.map { Setting(key: $0.key, value: $0.value) },
            seed: seed, directory: "\(env)/\(cell.name)/seed-\(seed)"))
        }
      }
    }
    self.runs = runs
  }

  /// The manifest's file in a sweep directory.
  static func path(in directory: String) -> String { (directory as NSString).appendingPathComponent("sweep.json") }

  /// Reads `sweep.json` (a sweep directory, or the file itself).
  /// - Throws: `CommandError` naming the file when it is missing or not a manifest.
  static func read(_ path: String) throws -> (manifest: SweepManifest, directory: String) {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    let file = (exists && !isDirectory.boolValue) || path.hasSuffix(".json") ? path : Self.path(in: path)
    guard let data = FileManager.default.contents(atPath: file) else {
      throw CommandError(message: "\(file): no such sweep manifest (create one with `spikingmind sweep --grid ...`)")
    }
    do {
      let manifest = try JSONDecoder().decode(SweepManifest.self, from: data)
      guard manifest.version == 1 else { throw CommandError(message: "\(file): sweep manifest version \(manifest.version), this build reads 1") }
      return (manifest, URL(fileURLWithPath: (file as NSString).deletingLastPathComponent).standardizedFileURL.path)
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(message: "\(file): not a sweep manifest: \(error)")
    }
  }

  /// Writes the manifest into `directory` atomically.
  func write(to directory: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let file = Self.path(in: directory)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try encoder.encode(self).write(to: URL(fileURLWithPath: file), options: .atomic)
    } catch {
      throw CommandError(message: "\(file): cannot write the sweep manifest: \(error.localizedDescription)")
    }
  }

  /// The run at `index`.
  /// - Throws: `CommandError` when there is none.
  func run(_ index: Int) throws -> Run {
    guard runs.indices.contains(index) else {
      throw CommandError(message: "--index \(index): the sweep has runs 0...\(runs.count - 1)")
    }
    return runs[index]
  }
}
