import ArgumentParser
import CSystem
import Foundation

/// The `spikingmind` command: environments, conformance, benchmarks.
@main
struct SpikingMind: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spikingmind",
    abstract: "Energy-efficient decision making with spiking neural networks.",
    version: "0.1.0",
    subcommands: [
      Envs.self, Rollout.self, Render.self, TrainExpert.self, CollectExperts.self, TrainOffline.self, Evaluate.self, FinetuneOnline.self, EnergyProfile.self, Report.self, Ablate.self, Sweep.self, CheckpointCommand.self,
      DatasetCommand.self,
      ConformanceCommand.self, Bench.self,
    ])

  /// Runs the command; every error becomes one line on stderr and a non-zero exit code.
  static func main() {
    // Keep freed memory in the process: training frees and reallocates the same large tensors every
    // step, and glibc's defaults (mmap for big blocks, heap trimming) make the kernel zero fresh pages
    // each time (`bench dt --dims hopper`: 881k -> 560k page faults). Process-wide, so set here, in the
    // executable, not in a library.
    _ = csystem_keep_freed_memory()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      if let message = message(for: error).split(separator: "\n").first {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
      }
      Foundation.exit(code.rawValue)
    }
  }
}
