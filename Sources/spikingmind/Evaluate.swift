import ArgumentParser
import Foundation
import RLCore
import Training

/// `spikingmind evaluate`: seeded, return-conditioned evaluation episodes of a checkpoint.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Evaluate a checkpoint: seeded episodes, return mean ± std, normalised score, success rate.",
    discussion: """
      The last checkpoint of a run is evaluated unless --select best is given (every kept checkpoint is \
      evaluated and the best mean return reported: an optimistic number, like DSFormer's released protocol, \
      which reports the best target of the best checkpoint). Seeds start at 2^63 + --seed, disjoint from the \
      seeds collect-experts uses. The normalised score is 100·(return − random)/(expert − random) with the \
      dataset's reference returns (D4RL's formula).
      """)

  @Option(help: "A run directory (its latest checkpoint) or a checkpoint directory.")
  var checkpoint: String

  @Option(help: "Episodes.")
  var episodes: Int = 20

  @Option(help: "Seed offset: episode e uses 2^63 + seed + e.")
  var seed: UInt64 = 0

  @Option(help: "Conditioning return (default: the checkpoint's, the expert's reference return).")
  var targetReturn: Double?

  @Option(help: "Target-return sweep LO:HI:N (N targets from LO to HI).")
  var sweep: String?

  @Option(help: "Environment id to check the checkpoint against.")
  var env: String?

  @Option(help: "Threads (one runner each).")
  var threads: Int = 2

  @Flag(help: "Hold the conditioning return-to-go inside the training data's range once an episode outlasts its target (not the DT protocol; the output says so).")
  var clipReturnToGo = false

  @Option(help: "Which checkpoint of a run: last or best.")
  var select: String = "last"

  @Flag(help: "Print JSON.")
  var json = false

  func validate() throws {
    guard episodes > 0 else { throw ValidationError("--episodes must be positive") }
    guard threads > 0 else { throw ValidationError("--threads must be positive") }
    guard ["last", "best"].contains(select) else { throw ValidationError("--select must be last or best") }
    if targetReturn != nil, sweep != nil { throw ValidationError("give --target-return or --sweep, not both") }
    _ = try targets(default: 0)
  }

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      let directories = select == "best" ? try Self.checkpoints(of: checkpoint) : [try CheckpointStore.resolve(checkpoint)]
      var best: (String, [EvaluationSummary])?
      for directory in directories {
        let loaded = try CheckpointStore.read(directory)
        if let env, try registry.spec(env).id != loaded.metadata.environment {
          throw TrainerError.checkpointEnvironment(path: directory, checkpoint: loaded.metadata.environment, requested: try registry.spec(env).id)
        }
        let summaries = try evaluate(loaded, registry: registry)
        if best == nil || (summaries.map(\.mean).max() ?? -.infinity) > (best?.1.map(\.mean).max() ?? -.infinity) { best = (directory, summaries) }
      }
      guard let (directory, summaries) = best else { throw CommandError(message: "\(checkpoint): no checkpoint to evaluate") }
      report(directory: directory, summaries: summaries, candidates: directories.count)
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }

  func evaluate(_ loaded: Checkpoint, registry: EnvironmentRegistry) throws -> [EvaluationSummary] {
    try TargetSweep.evaluate(loaded, registry: registry, targets: try targets(default: loaded.metadata.targetReturn),
      episodes: episodes, threads: threads, seed: seed, clip: clipReturnToGo)
  }

  func targets(default value: Double) throws -> [Double] {
    guard let sweep else { return [targetReturn ?? value] }
    return try TargetSweep.targets(sweep)
  }

  func report(directory: String, summaries: [EvaluationSummary], candidates: Int) {
    let which = select == "best" ? "best of \(candidates) checkpoints (optimistic)" : "last checkpoint"
    if json {
      let lines = summaries.map { EvaluationLine(checkpoint: directory, selected: which, summary: $0) }
      for line in lines { print((try? JSONOutput.encode(line)) ?? "{}") }
      return
    }
    let clipped = clipReturnToGo ? ", returns-to-go clipped to the data's range" : ""
    print("\(directory) (\(which)\(clipped)):")
    for s in summaries {
      var line = String(format: "target %.1f: return %.2f ± %.2f (min %.2f, max %.2f, %d episodes, s.e. %.2f), normalised %.1f",
        s.targetReturn, s.mean, s.std, s.min, s.max, s.episodes, s.standardError, s.normalizedScore)
      if let rate = s.successRate { line += String(format: ", success %.0f%%", 100 * rate) }
      print(line)
    }
  }

  /// The kept checkpoints of a run (or the one given).
  static func checkpoints(of path: String) throws -> [String] {
    let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasPrefix("step-") }.sorted()
    if entries.isEmpty { return [try CheckpointStore.resolve(path)] }
    return entries.map { (path as NSString).appendingPathComponent($0) }
  }
}

/// One `evaluate --json` line.
struct EvaluationLine: Codable {
  let checkpoint: String
  let selected: String
  let summary: EvaluationSummary
}
