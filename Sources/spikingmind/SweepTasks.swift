import ArgumentParser
import Foundation

/// `spikingmind sweep run-task`: one run of a sweep (what each local process or Slurm array task runs).
struct SweepRunTask: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run-task", abstract: "Run one task of a sweep: train, evaluate, profile; the result in its run directory.")

  @Option(help: "The sweep's manifest (sweep.json, or its directory).")
  var manifest: String

  @Option(help: "The run's index ($SLURM_ARRAY_TASK_ID).")
  var index: Int

  func run() throws {
    let (sweep, directory) = try SweepManifest.read(manifest)
    let entry = try sweep.run(index)
    let cell = Sweep.cellRun(entry, manifest: sweep, directory: directory)
    let errorFile = "\(cell.run)/\(Sweep.errorFile)"
    try? FileManager.default.removeItem(atPath: errorFile)
    do {
      let registry = try StandardRegistry.make()
      FileHandle.standardError.write(Data("sweep task \(index): \(entry.env) \(entry.cell) seed \(entry.seed)\n".utf8))
      let result = try cell.result(try cell.trainCommand(), registry: registry, episodes: sweep.episodes, resultFile: Sweep.resultFile)
      print(String(format: "task %d: return %.2f ± %.2f (%d episodes)", index, result.returnMean, result.returnStd, result.episodes))
    } catch {
      let message = (error as? CommandError)?.description ?? TrainOffline.message(for: error)
      try? FileManager.default.createDirectory(atPath: cell.run, withIntermediateDirectories: true)
      try? Data("\(message)\n".utf8).write(to: URL(fileURLWithPath: errorFile), options: .atomic)
      throw CommandError(message: "sweep task \(index) (\(entry.directory)): \(message)")
    }
  }
}

/// `spikingmind sweep status`: how many runs are done, failed, pending; which ones.
struct SweepStatus: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "status", abstract: "Done, failed and pending runs of a sweep.")

  @Argument(help: "The sweep directory (or its sweep.json).")
  var sweep: String

  @Flag(help: "One JSON object instead of text.")
  var json = false

  func run() throws {
    let (manifest, directory) = try SweepManifest.read(sweep)
    let states = Sweep.states(manifest, directory: directory)
    func indices(_ state: Sweep.RunState) -> [Int] { manifest.runs.indices.filter { states[$0] == state } }
    let (done, failed, pending) = (indices(.done), indices(.failed), indices(.pending))
    if json {
      let object: [String: Any] = ["runs": manifest.runs.count, "done": done, "failed": failed, "pending": pending]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
      return
    }
    print("\(directory): \(manifest.runs.count) runs: \(done.count) done, \(failed.count) failed, \(pending.count) pending or running")
    for index in failed {
      let run = manifest.runs[index]
      let reason = (try? String(contentsOfFile: "\(directory)/\(run.directory)/\(Sweep.errorFile)", encoding: .utf8)) ?? ""
      print("  failed \(index) \(run.directory): \(reason.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    if !pending.isEmpty { print("  pending \(SlurmArray.list(pending))") }
    if !failed.isEmpty || !pending.isEmpty { print("rerun: spikingmind sweep resubmit \(directory) [--index N ...]") }
  }
}

/// `spikingmind sweep resubmit`: runs (or submits) the failed and unfinished runs again, or the ones named.
struct SweepResubmit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resubmit", abstract: "Run the failed and unfinished runs of a sweep again (or only --index N ...).")

  @Argument(help: "The sweep directory (or its sweep.json).")
  var sweep: String

  @Option(parsing: .upToNextOption, help: "Only these runs (default: every run without a result).")
  var index: [Int] = []

  @OptionGroup var launch: SweepLauncherOptions

  func run() throws {
    let (manifest, directory) = try SweepManifest.read(sweep)
    for i in index { _ = try manifest.run(i) }
    let states = Sweep.states(manifest, directory: directory)
    let chosen = index.isEmpty ? manifest.runs.indices.filter { states[$0] != .done } : Array(Set(index)).sorted()
    for i in chosen { try? FileManager.default.removeItem(atPath: "\(directory)/\(manifest.runs[i].directory)/\(Sweep.errorFile)") }
    print(try launch.launch(chosen, directory: directory, threads: manifest.threads))
  }
}
