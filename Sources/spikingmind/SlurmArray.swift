import Foundation

/// One Slurm job array for a sweep's tasks: a batch script whose task `$SLURM_ARRAY_TASK_ID` runs
/// `spikingmind sweep run-task --manifest ... --index $SLURM_ARRAY_TASK_ID`, submitted with `sbatch --array`.
/// Slurm schedules, retries and accounts; nothing here does.
struct SlurmArray {
  let partition: String?, time: String?, jobs: Int?
  /// `sbatch --wait`: return when every task has ended.
  let wait: Bool
  /// CPUs per task (`--cpus-per-task`): the tasks' thread count.
  let threads: Int

  /// Indices as Slurm's array list, ranges compressed: `[0, 1, 2, 5]` → `0-2,5`.
  static func list(_ indices: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    let sorted = indices.sorted()
    while i < sorted.count {
      var j = i
      while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
      parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
      i = j + 1
    }
    return parts.joined(separator: ",")
  }

  /// The batch script.
  func script(executable: String, manifest: String) -> String {
    """
    #!/bin/sh
    # Written by `spikingmind sweep`: one task of the sweep in \(manifest).
    exec \(Self.quoted(executable)) sweep run-task --manifest \(Self.quoted(manifest)) --index "$SLURM_ARRAY_TASK_ID"

    """
  }

  /// Writes the script into `directory/slurm/`, submits the array and returns the job id.
  /// - Throws: `CommandError` with sbatch's message when it is missing or refuses the job.
  func submit(_ indices: [Int], executable: String, manifest: String, directory: String) throws -> String {
    let scriptPath = "\(directory)/slurm/sweep.sbatch"
    do {
      try FileManager.default.createDirectory(atPath: "\(directory)/slurm", withIntermediateDirectories: true)
      try Data(script(executable: executable, manifest: manifest).utf8).write(to: URL(fileURLWithPath: scriptPath), options: .atomic)
    } catch {
      throw CommandError(message: "\(scriptPath): cannot write the batch script: \(error.localizedDescription)")
    }
    guard !indices.isEmpty else { throw CommandError(message: "no tasks to submit") }
    var arguments = ["--parsable", "--job-name", "spikingmind-sweep", "--array", Self.list(indices) + (jobs.map { "%\($0)" } ?? ""),
      "--output", "\(directory)/logs/task-%a.log", "--cpus-per-task", "\(threads)", "--chdir", directory]
    if let partition { arguments += ["--partition", partition] }
    if let time { arguments += ["--time", time] }
    if wait { arguments.append("--wait") }
    arguments.append(scriptPath)
    let (status, output, errors) = try Self.sbatch(arguments)
    let job = output.split(separator: "\n").first.map { String($0.split(separator: ";")[0]) } ?? ""
    guard status == 0 else {
      let reason = errors.trimmingCharacters(in: .whitespacesAndNewlines)
      if wait, !job.isEmpty { throw CommandError(message: "Slurm job array \(job): a task failed (see `spikingmind sweep status \(directory)`)") }
      throw CommandError(message: "sbatch refused the job array: \(reason.isEmpty ? "exit \(status)" : reason)")
    }
    guard !job.isEmpty else { throw CommandError(message: "sbatch printed no job id") }
    return job
  }

  /// Runs `sbatch` (found on PATH) and returns its exit status, stdout and stderr.
  static func sbatch(_ arguments: [String]) throws -> (Int32, String, String) {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
      .map { "\($0)/sbatch" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else { throw CommandError(message: "sbatch: not found on PATH (install Slurm, or use --launcher local)") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { throw CommandError(message: "\(path): cannot run: \(error.localizedDescription)") }
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
  }

  /// `'text'` for sh, single quotes escaped.
  static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
