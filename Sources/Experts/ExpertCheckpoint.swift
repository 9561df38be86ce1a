import Foundation

/// A trained expert on disk: `<run>/expert.json` (format `spikingmind-expert/1`), the algorithm's settings and
/// state, written atomically (a temporary sibling, then rename); evaluations in `<run>/metrics.jsonl`.
public struct ExpertCheckpoint: Codable, Sendable, Equatable {
  /// `spikingmind-expert/1`.
  public var format = ExpertCheckpoint.formatName
  /// The environment id.
  public var environment: String
  /// `ars`.
  public var algorithm: String
  /// The search's settings.
  public var configuration: AugmentedRandomSearch.Configuration
  /// The search's state (the policy among it).
  public var state: AugmentedRandomSearch.State
  /// The last evaluation's mean return (unshifted), if any.
  public var lastEvaluation: Double?

  /// The format name.
  public static let formatName = "spikingmind-expert/1"
  /// The file name inside a run directory.
  public static let fileName = "expert.json"

  /// A checkpoint of an ARS run.
  public init(environment: String, configuration: AugmentedRandomSearch.Configuration, state: AugmentedRandomSearch.State, lastEvaluation: Double?) {
    (self.environment, algorithm, self.configuration, self.state, self.lastEvaluation) = (environment, "ars", configuration, state, lastEvaluation)
  }

  /// Reads `<run>/expert.json` (or the file itself).
  /// - Throws: `ExpertCheckpointError` naming the file.
  public static func read(_ path: String) throws(ExpertCheckpointError) -> ExpertCheckpoint {
    var isDirectory: ObjCBool = false
    let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
      ? (path as NSString).appendingPathComponent(fileName) : path
    guard let data = FileManager.default.contents(atPath: file) else { throw .unreadable(path: file) }
    let checkpoint: ExpertCheckpoint
    do { checkpoint = try JSONDecoder().decode(ExpertCheckpoint.self, from: data) } catch {
      throw .malformed(path: file, reason: String(describing: error).prefix(300).description)
    }
    guard checkpoint.format == formatName else { throw .malformed(path: file, reason: "format \(checkpoint.format), expected \(formatName)") }
    let policy = checkpoint.state.policy
    guard policy.weights.count == policy.low.count * policy.observations, policy.standardDeviation.count == policy.observations,
      policy.high.count == policy.low.count, policy.weights.allSatisfy(\.isFinite)
    else { throw .malformed(path: file, reason: "the policy's shapes disagree or its weights are not finite") }
    return checkpoint
  }

  /// Writes `<run>/expert.json` atomically.
  /// - Throws: `ExpertCheckpointError.unwritable`.
  public func write(run: String) throws(ExpertCheckpointError) {
    try write(file: (run as NSString).appendingPathComponent(Self.fileName))
  }

  /// Writes the checkpoint to `file` atomically, creating its folder.
  /// - Throws: `ExpertCheckpointError.unwritable`.
  public func write(file: String) throws(ExpertCheckpointError) {
    let url = URL(fileURLWithPath: file)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try encoder.encode(self).write(to: url, options: .atomic)
    } catch {
      throw .unwritable(path: url.path)
    }
  }

  /// The folder of a run's evaluated snapshots (`iteration-NNNNNN.json`, one per evaluation).
  public static func snapshotFolder(run: String) -> String { (run as NSString).appendingPathComponent("snapshots") }

  /// The snapshot file of `iteration`.
  public static func snapshotFile(run: String, iteration: Int) -> String {
    (snapshotFolder(run: run) as NSString).appendingPathComponent(String(format: "iteration-%06d.json", iteration))
  }

  /// A run's evaluated snapshots, in iteration order (unreadable files are skipped).
  public static func snapshots(run: String) -> [(path: String, checkpoint: ExpertCheckpoint)] {
    let folder = snapshotFolder(run: run)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("iteration-") && $0.hasSuffix(".json") }
    return names.sorted().compactMap { name in
      let path = (folder as NSString).appendingPathComponent(name)
      return (try? read(path)).map { (path, $0) }
    }
  }

  /// D4RL's medium tier from a run: the evaluated snapshot whose return is nearest a third of the run's last
  /// evaluation (D4RL's medium policies are partly trained ones at about a third of the expert's return).
  /// - Throws: `ExpertCheckpointError.malformed` when the run has no evaluated snapshots.
  public static func mediumSnapshot(run: String) throws(ExpertCheckpointError) -> (path: String, checkpoint: ExpertCheckpoint) {
    let final = try read(run)
    let candidates = snapshots(run: run).filter { $0.checkpoint.lastEvaluation != nil }
    guard let target = final.lastEvaluation.map({ $0 / 3 }), let nearest = candidates.min(by: {
      abs(($0.checkpoint.lastEvaluation ?? 0) - target) < abs(($1.checkpoint.lastEvaluation ?? 0) - target)
    }) else {
      throw .malformed(path: snapshotFolder(run: run), reason: "no evaluated snapshots (train-expert writes one per evaluation)")
    }
    return nearest
  }
}

/// Errors of expert checkpoints; every case names the file.
public enum ExpertCheckpointError: Error, Equatable, CustomStringConvertible {
  /// The file is missing or unreadable.
  case unreadable(path: String)
  /// The file is not an expert checkpoint, or its policy is inconsistent.
  case malformed(path: String, reason: String)
  /// The file cannot be written.
  case unwritable(path: String)

  /// One line naming the file.
  public var description: String {
    switch self {
    case .unreadable(let path): "\(path): no expert checkpoint there (missing or unreadable)"
    case .malformed(let path, let reason): "\(path): not a valid expert checkpoint: \(reason)"
    case .unwritable(let path): "cannot write \(path) (permissions, disk space?)"
    }
  }
}
