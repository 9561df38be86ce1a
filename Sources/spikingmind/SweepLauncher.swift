import ArgumentParser
import Foundation
import Synchronization

/// Where a sweep's tasks run: this machine's processes, or one Slurm job array.
enum SweepLauncherKind: String, ExpressibleByArgument, CaseIterable {
  case local, slurm
}

/// The launcher options `sweep` and `sweep resubmit` share.
struct SweepLauncherOptions: ParsableArguments {
  @Option(help: "local (processes on this machine) or slurm (one job array, sbatch).")
  var launcher: SweepLauncherKind = .local

  @Option(help: "Tasks at once: local processes, or the job array's limit (%N) on Slurm (default: 1 local, none on Slurm).")
  var jobs: Int?

  @Option(help: "Slurm partition (default: the cluster's).")
  var partition: String?

  @Option(help: "Slurm time limit per task, [D-]HH:MM:SS.")
  var time: String?

  @Flag(help: "Slurm: wait until the job array has finished (sbatch --wait), then report.")
  var wait = false

  func validate() throws {
    if let jobs, jobs <= 0 { throw ValidationError("--jobs must be positive") }
    if let time, time.wholeMatch(of: /(\d+-)?\d{1,3}:\d{2}:\d{2}/) == nil {
      throw ValidationError("--time \(time): give [D-]HH:MM:SS, e.g. 01:30:00")
    }
    if launcher == .local, partition != nil || time != nil || wait {
      throw ValidationError("--partition, --time and --wait are for --launcher slurm")
    }
  }

  /// Runs or submits the tasks `indices` of the manifest in `directory`.
  /// - Returns: a line saying what was done.
  /// - Throws: `CommandError` when a local task fails (naming them) or sbatch refuses the array.
  func launch(_ indices: [Int], directory: String, threads: Int) throws -> String {
    guard !indices.isEmpty else { return "nothing to run: every run has its result" }
    let executable = try Self.executable()
    let manifest = SweepManifest.path(in: directory)
    do { try FileManager.default.createDirectory(atPath: "\(directory)/logs", withIntermediateDirectories: true) } catch {
      throw CommandError(message: "\(directory)/logs: cannot create: \(error.localizedDescription)")
    }
    switch launcher {
    case .local:
      let failed = try LocalSweepRunner(executable: executable, manifest: manifest, logs: "\(directory)/logs").run(indices, jobs: jobs ?? 1)
      guard failed.isEmpty else {
        throw CommandError(message: "\(failed.count) of \(indices.count) tasks failed (indices \(SlurmArray.list(failed))); logs in \(directory)/logs; "
          + "rerun them with `spikingmind sweep resubmit \(directory)`")
      }
      return "ran \(indices.count) tasks locally"
    case .slurm:
      let submission = SlurmArray(partition: partition, time: time, jobs: jobs, wait: wait, threads: threads)
      let job = try submission.submit(indices, executable: executable, manifest: manifest, directory: directory)
      return wait ? "Slurm job array \(job) (\(indices.count) tasks) finished" : "submitted Slurm job array \(job) (\(indices.count) tasks)"
    }
  }

  /// This program's absolute path (tasks run the same build).
  static func executable() throws -> String {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
    let first = CommandLine.arguments[0]
    guard first.contains("/") else { throw CommandError(message: "cannot find this program's path to start the sweep's tasks") }
    return URL(fileURLWithPath: first).standardizedFileURL.path
  }
}

/// Runs sweep tasks as child processes (`spikingmind sweep run-task`), at most `jobs` at once, each
/// writing its output to `logs/task-<index>.log`.
struct LocalSweepRunner {
  let executable: String, manifest: String, logs: String

  /// Runs every task; returns the indices of those that failed (in order).
  func run(_ indices: [Int], jobs: Int) throws -> [Int] {
    let slots = DispatchSemaphore(value: jobs)
    let group = DispatchGroup()
    let failed = Mutex<[Int]>([])
    for index in indices {
      slots.wait()
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = ["sweep", "run-task", "--manifest", manifest, "--index", "\(index)"]
      let log = "\(logs)/task-\(index).log"
      guard FileManager.default.createFile(atPath: log, contents: nil), let handle = FileHandle(forWritingAtPath: log) else {
        slots.signal()
        throw CommandError(message: "\(log): cannot write the task's log")
      }
      process.standardOutput = handle
      process.standardError = handle
      process.standardInput = FileHandle.nullDevice
      group.enter()
      process.terminationHandler = { finished in
        if finished.terminationStatus != 0 || finished.terminationReason != .exit { failed.withLock { $0.append(index) } }
        try? handle.close()
        slots.signal()
        group.leave()
      }
      do { try process.run() } catch {
        group.leave()
        slots.signal()
        throw CommandError(message: "\(executable): cannot start a task: \(error.localizedDescription)")
      }
      FileHandle.standardError.write(Data("sweep: task \(index) started (log \(log))\n".utf8))
    }
    group.wait()
    return failed.withLock { $0.sorted() }
  }
}
