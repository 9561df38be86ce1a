import ArgumentParser
import Conformance
import RLCore

/// `spikingmind conformance`: replays Gymnasium reference traces.
struct ConformanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conformance",
    abstract: "Replay Gymnasium gymtrace/1 reference files (compare.py) and lif-golden/1 neuron traces.",
    subcommands: [Replay.self, Resets.self, Compare.self, ConformanceLIF.self, ConformanceReplayActions.self])

  /// `spikingmind conformance replay`.
  struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Replay the trace records of a reference file and write a candidate file.")

    @Option(name: .customLong("in"), help: "The reference gymtrace/1 file.")
    var input: String

    @Option(name: .customLong("out"), help: "The candidate file to write (atomically).")
    var output: String

    @Flag(help: "Start seeded_reset traces from reset(seed: reset_seed) and write init.obs.")
    var seeded = false

    func run() throws {
      try ConformanceCommand.replay(input: input, output: output, seeded: seeded, type: "trace")
    }
  }

  /// `spikingmind conformance resets`.
  struct Resets: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Replay the seeded-reset records of a reference file and write a candidate file.")

    @Option(name: .customLong("in"), help: "The reference file with reset records (resets.jsonl).")
    var input: String

    @Option(name: .customLong("out"), help: "The candidate file to write (atomically).")
    var output: String

    func run() throws {
      try ConformanceCommand.replay(input: input, output: output, seeded: true, type: "reset")
    }
  }

  /// `spikingmind conformance compare`.
  struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare a candidate file with a reference bit for bit (compare.py --exact, without Python).")

    @Option(help: "The reference gymtrace/1 file.")
    var reference: String

    @Option(help: "The candidate file.")
    var candidate: String

    @Flag(help: "Also compare the internal state of every step.")
    var compareState = false

    func run() throws {
      let summary: TraceComparator.FileSummary
      do {
        summary = try TraceComparator.compareFiles(reference: reference, candidate: candidate, compareState: compareState)
      } catch {
        throw CommandError(error)
      }
      for line in summary.failures { print("FAIL \(line)") }
      print("SUMMARY: \(summary.failures.isEmpty ? "PASS" : "FAIL") compared=\(summary.compared) failed=\(summary.failures.count) (exact)")
      if !summary.failures.isEmpty { throw ExitCode.failure }
    }
  }

  static func replay(input: String, output: String, seeded: Bool, type: String) throws {
    do {
      let replayer = TraceReplayer(registry: try StandardRegistry.make(), seeded: seeded)
      let count = try replayer.replayFile(input: input, output: output, type: type)
      print("replayed \(count) \(type) records from \(input) into \(output)")
    } catch {
      throw CommandError(error)
    }
  }
}
