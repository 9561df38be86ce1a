import ArgumentParser
import Foundation
import Parallelism
import RLCore
import Training

/// Return-conditioned evaluation at several targets: the parsing of `LO:HI:N` and the seeded episodes.
enum TargetSweep {
  /// The targets of `LO:HI:N`: N evenly spaced from LO to HI.
  /// - Throws: `ValidationError` for anything else.
  static func targets(_ text: String) throws -> [Double] {
    let parts = text.split(separator: ":").map { Double($0) }
    guard parts.count == 3, let low = parts[0], let high = parts[1], let count = parts[2], count >= 1, count == count.rounded() else {
      throw ValidationError("--sweep must be LO:HI:N, got '\(text)'")
    }
    let n = Int(count)
    return (0..<n).map { n == 1 ? low : low + (high - low) * Double($0) / Double(n - 1) }
  }

  /// `count` targets from the dataset's random return to 20% beyond its expert return.
  static func defaultTargets(_ metadata: CheckpointMetadata, count: Int) -> [Double] {
    let low = metadata.randomReturn, high = metadata.expertReturn + 0.2 * abs(metadata.expertReturn - metadata.randomReturn)
    return (0..<count).map { count == 1 ? metadata.targetReturn : low + (high - low) * Double($0) / Double(count - 1) }
  }

  /// Evaluates a checkpoint at each target: `episodes` episodes from seed 2^63 + `seed`, `threads` runners; with
  /// `clip`, the returns-to-go held inside the training data's range (`Evaluator.evaluate`).
  static func evaluate(
    _ loaded: Checkpoint, registry: EnvironmentRegistry, targets: [Double], episodes: Int, threads: Int, seed: UInt64,
    clip: Bool = false
  ) throws -> [EvaluationSummary] {
    let spec = try registry.spec(loaded.metadata.environment)
    let model = try loaded.model()
    let runners = try (0..<threads).map { _ in try model.runner(state: loaded.state) }
    let pool = threads > 1 ? WorkerPool(threads: threads) : nil
    let evaluator = Evaluator(spec: spec, metadata: loaded.metadata)
    return try targets.map { target in
      try evaluator.evaluate(runners: runners, pool: pool, targetReturn: target, episodes: episodes, seed: (1 << 63) &+ seed,
        clipReturnsToGo: clip)
    }
  }
}
