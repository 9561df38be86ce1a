import Foundation
import RLCore

/// Reads and writes dataset files: `.npz` archives that `numpy.load(path)` opens without pickle.
///
/// Members: `observations` (float32, (N, obs)), `actions` (float32, (N, act)), `rewards` (float32,
/// (N,)), `terminations` (the step reached a terminal state), `truncations` (the step was cut by the time
/// limit, not terminal), `episode_starts` (bool, (N,)) and `metadata` (a `<U` string scalar holding
/// `DatasetMetadata` as JSON); optionally `final_observations` (float32, (episodes, obs)), the observation after
/// each episode's last step. Files written before the Gymnasium names call the flags `terminals` and
/// `timeouts` (D4RL's names); the reader accepts both. Files are written atomically (temporary sibling, then
/// rename); the reader validates every header, dtype, shape and the content checksum.
public enum DatasetFile {
  static let fields = ["observations", "actions", "rewards", "terminations", "truncations", "episode_starts"]
  /// The flags' names in files written before the Gymnasium names (D4RL's).
  static let legacyNames = ["terminals": "terminations", "timeouts": "truncations"]

  /// Writes a dataset atomically.
  /// - Parameters:
  ///   - dataset: the dataset.
  ///   - path: the destination (parent directories are created).
  ///   - compress: deflate the members, as `np.savez_compressed` does (`numpy.load` reads both).
  /// - Throws: `DatasetError.io`.
  public static func write(_ dataset: TrajectoryDataset, to path: String, compress: Bool = false) throws(DatasetError) {
    let json: String
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      json = String(decoding: try encoder.encode(dataset.metadata), as: UTF8.self)
    } catch {
      throw .invalidMetadata(path: path, reason: "\(error)")
    }
    var members = dataset.arrays.map { ZIPArchive.Member(name: "\($0.name).npy", bytes: NPYCodec.encode($0.array)) }
    members.append(ZIPArchive.Member(name: "metadata.npy", bytes: NPYCodec.encode(NPYArray(string: json))))
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
      throw .io(path: path, reason: "cannot create the directory \(directory.path)")
    }
    do { try Data(ZIPArchive.write(members, compress: compress)).write(to: url, options: .atomic) } catch {
      throw .io(path: path, reason: "cannot write the file (permissions, disk space?)")
    }
  }

  /// Reads and validates a dataset file.
  /// - Parameter path: the file.
  /// - Returns: the dataset.
  /// - Throws: `DatasetError` naming the file and the field.
  public static func read(_ path: String) throws(DatasetError) -> TrajectoryDataset {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let exists = FileManager.default.fileExists(atPath: path)
      throw .io(path: path, reason: exists ? "cannot read the file" : "no such file")
    }
    return try decode([UInt8](data), path: path)
  }

  /// Decodes and validates the bytes of a dataset file.
  /// - Parameters:
  ///   - bytes: the file's bytes.
  ///   - path: the file name, for errors.
  /// - Returns: the dataset.
  /// - Throws: `DatasetError`.
  public static func decode(_ bytes: [UInt8], path: String) throws(DatasetError) -> TrajectoryDataset {
    var arrays: [String: NPYArray] = [:]
    for member in try ZIPArchive.read(bytes, path: path) {
      guard member.name.hasSuffix(".npy") else { continue }
      let field = String(member.name.dropLast(4))
      arrays[field] = try NPYCodec.decode(member.bytes, field: field, path: path)
    }
    for (legacy, name) in legacyNames where arrays[name] == nil {
      arrays[name] = arrays.removeValue(forKey: legacy)
    }
    let metadata = try decodeMetadata(arrays["metadata"], path: path)
    let shapes = try DatasetShapes(arrays: arrays, path: path)
    let dataset = TrajectoryDataset(
      observations: arrays["observations"]?.floatValues ?? [], actions: arrays["actions"]?.floatValues ?? [],
      rewards: arrays["rewards"]?.floatValues ?? [], terminals: arrays["terminations"]?.boolValues ?? [],
      timeouts: arrays["truncations"]?.boolValues ?? [], episodeStarts: arrays["episode_starts"]?.boolValues ?? [],
      observationDimension: shapes.observationDimension, actionDimension: shapes.actionDimension,
      metadata: metadata, finalObservations: try finalObservations(arrays["final_observations"], shapes: shapes, path: path))
    try checkConsistency(dataset, path: path)
    return dataset
  }

  static func decodeMetadata(_ array: NPYArray?, path: String) throws(DatasetError) -> DatasetMetadata {
    guard let array else { throw .missingField(path: path, field: "metadata") }
    guard array.shape.isEmpty, let text = array.stringValue else {
      throw .wrongDType(path: path, field: "metadata", expected: "<U string scalar", found: "\(array.dtype) \(array.shape)")
    }
    do {
      return try JSONDecoder().decode(DatasetMetadata.self, from: Data(text.utf8))
    } catch {
      throw .invalidMetadata(path: path, reason: "not the expected JSON object (\(error))")
    }
  }

  /// The optional `final_observations` member: float32 `(episodes, obs)` (the episode count checked with the rest).
  static func finalObservations(_ array: NPYArray?, shapes: DatasetShapes, path: String) throws(DatasetError) -> [Float] {
    guard let array else { return [] }
    guard array.dtype == .float32 else {
      throw .wrongDType(path: path, field: "final_observations", expected: "\(NPYArray.DType.float32)", found: "\(array.dtype)")
    }
    guard array.shape.count == 2, array.shape[1] == shapes.observationDimension else {
      throw .shapeMismatch(path: path, field: "final_observations", expected: "(episodes, \(shapes.observationDimension))", found: "\(array.shape)")
    }
    return array.floatValues ?? []
  }

  static func checkConsistency(_ dataset: TrajectoryDataset, path: String) throws(DatasetError) {
    if dataset.count > 0, !dataset.episodeStarts[0] {
      throw .invalidValue(path: path, field: "episode_starts", reason: "the first step must start an episode")
    }
    if let index = dataset.observations.firstIndex(where: { !$0.isFinite }) {
      throw .invalidValue(path: path, field: "observations", reason: "non-finite value at element \(index)")
    }
    let metadata = dataset.metadata
    guard metadata.steps == dataset.count, metadata.episodes == dataset.episodeRanges.count else {
      throw .invalidMetadata(
        path: path,
        reason: "metadata says \(metadata.episodes) episodes / \(metadata.steps) steps, the arrays hold "
          + "\(dataset.episodeRanges.count) / \(dataset.count)")
    }
    guard metadata.observationDimension == dataset.observationDimension,
      metadata.actionDimension == dataset.actionDimension
    else { throw .invalidMetadata(path: path, reason: "dimensions disagree with the arrays") }
    let finalRows = dataset.finalObservations.count / max(dataset.observationDimension, 1)
    guard dataset.finalObservations.isEmpty || finalRows == dataset.episodeRanges.count else {
      throw .shapeMismatch(path: path, field: "final_observations", expected: "(\(dataset.episodeRanges.count), \(dataset.observationDimension))",
        found: "(\(finalRows), \(dataset.observationDimension))")
    }
    if let index = dataset.finalObservations.firstIndex(where: { !$0.isFinite }) {
      throw .invalidValue(path: path, field: "final_observations", reason: "non-finite value at element \(index)")
    }
    let found = dataset.checksum
    guard found == metadata.checksum else {
      throw .checksumMismatch(path: path, expected: metadata.checksum, found: found)
    }
  }
}

/// The shape checks of a dataset's arrays: dtypes, ranks, and one shared step count.
struct DatasetShapes {
  let observationDimension: Int
  let actionDimension: Int

  init(arrays: [String: NPYArray], path: String) throws(DatasetError) {
    for field in DatasetFile.fields where arrays[field] == nil { throw .missingField(path: path, field: field) }
    func array(_ field: String, _ dtype: NPYArray.DType, rank: Int) throws(DatasetError) -> NPYArray {
      guard let array = arrays[field] else { throw .missingField(path: path, field: field) }
      guard array.dtype == dtype else {
        throw .wrongDType(path: path, field: field, expected: "\(dtype)", found: "\(array.dtype)")
      }
      guard array.shape.count == rank else {
        throw .shapeMismatch(path: path, field: field, expected: "rank \(rank)", found: "\(array.shape)")
      }
      return array
    }
    let observations = try array("observations", .float32, rank: 2)
    let actions = try array("actions", .float32, rank: 2)
    let steps = observations.shape[0]
    for (field, candidate) in [("actions", actions)] where candidate.shape[0] != steps {
      throw .shapeMismatch(path: path, field: field, expected: "(\(steps), ...)", found: "\(candidate.shape)")
    }
    for (field, dtype) in [("rewards", NPYArray.DType.float32), ("terminations", .bool), ("truncations", .bool),
      ("episode_starts", .bool)]
    {
      let candidate = try array(field, dtype, rank: 1)
      guard candidate.shape[0] == steps else {
        throw .shapeMismatch(path: path, field: field, expected: "(\(steps),)", found: "\(candidate.shape)")
      }
    }
    observationDimension = observations.shape[1]
    actionDimension = actions.shape[1]
  }
}
