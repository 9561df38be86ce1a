import Foundation
public import RLCore
import Trajectories

/// The columns of one run of steps read from another tool's file, before they become episodes: checked against
/// the environment's spaces (shapes, dtypes, finite values) with errors naming the file and the object.
struct ImportedColumns {
  /// The file, for errors.
  let path: String
  /// The environment the data must fit.
  let environment: any Environment

  /// The observation rows of `array` (`(N, obs)`).
  func observations(_ array: HDF5Array, name: String, steps: Int) throws(InterchangeError) -> [[Float]] {
    let width = environment.observationSpace.count
    guard array.kind != .boolean else { throw .layout(path: path, object: name, reason: "holds booleans, expected floats") }
    guard array.shape == [steps, width] else {
      throw .layout(path: path, object: name, reason: "has shape \(array.shape), expected [\(steps), \(width)] for \(environment.name)")
    }
    return try rows(array, name: name, count: steps, width: width)
  }

  /// The action rows of `array` in our layout (a discrete action `k` as `[k]`): discrete `(N,)` or `(N, 1)` integers
  /// in the space; continuous `(N, act)` finite floats.
  func actions(_ array: HDF5Array, name: String, steps: Int) throws(InterchangeError) -> [[Float]] {
    switch environment.actionSpace {
    case .discrete(let space):
      guard array.kind != .boolean, array.shape == [steps] || array.shape == [steps, 1] else {
        throw .layout(path: path, object: name, reason: "has shape \(array.shape), expected [\(steps)] for \(environment.name)")
      }
      if let bad = array.values.firstIndex(where: { $0.rounded() != $0 || !space.contains(Int(exactly: $0) ?? -1) }) {
        throw .layout(path: path, object: name, reason: "row \(bad) holds \(array.values[bad]), not an action of \(environment.actionSpace.summary)")
      }
      return array.values.map { [Float($0)] }
    case .box(let box):
      guard array.kind == .float, array.shape == [steps, box.count] || (box.count == 1 && array.shape == [steps]) else {
        throw .layout(path: path, object: name, reason: "has shape \(array.shape) (\(array.kind)), expected float [\(steps), \(box.count)] for \(environment.name)")
      }
      return try rows(array, name: name, count: steps, width: box.count)
    }
  }

  /// A `(N,)` float column.
  func rewards(_ array: HDF5Array, name: String, steps: Int) throws(InterchangeError) -> [Double] {
    guard array.kind != .boolean, array.shape == [steps] || array.shape == [steps, 1] else {
      throw .layout(path: path, object: name, reason: "has shape \(array.shape), expected [\(steps)]")
    }
    if let bad = array.values.firstIndex(where: { !$0.isFinite }) { throw .layout(path: path, object: name, reason: "element \(bad) is not finite") }
    return array.values
  }

  /// A `(N,)` flag column: booleans, or integers/floats holding 0 and 1 (older D4RL files store floats).
  func flags(_ array: HDF5Array, name: String, steps: Int) throws(InterchangeError) -> [Bool] {
    guard array.shape == [steps] || array.shape == [steps, 1] else {
      throw .layout(path: path, object: name, reason: "has shape \(array.shape), expected [\(steps)]")
    }
    if let bad = array.values.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw .layout(path: path, object: name, reason: "element \(bad) is \(array.values[bad]), not a flag")
    }
    return array.values.map { $0 == 1 }
  }

  func rows(_ array: HDF5Array, name: String, count: Int, width: Int) throws(InterchangeError) -> [[Float]] {
    if let bad = array.values.prefix(count * width).firstIndex(where: { !$0.isFinite }) {
      throw .layout(path: path, object: name, reason: "element \(bad) is not finite")
    }
    return (0..<count).map { row in array.values[(row * width)..<((row + 1) * width)].map { Float($0) } }
  }

  /// The dataset of `episodes` with the metadata of an import: the environment's spec for the reference
  /// returns unless the file gives them, `source` naming the format and the file.
  func dataset(
    _ episodes: [Episode], spec: EnvironmentSpec, quality: String, source: [String: String], references: (Double?, Double?)
  ) throws(InterchangeError) -> TrajectoryDataset {
    guard !episodes.isEmpty else { throw .layout(path: path, object: "/", reason: "holds no steps") }
    let (actionDimension, actionKind): (Int, String)
    switch environment.actionSpace {
    case .discrete: (actionDimension, actionKind) = (1, "discrete")
    case .box(let box): (actionDimension, actionKind) = (box.count, "continuous")
    }
    var metadata = DatasetMetadata(
      envID: spec.id, envOptions: [:], expert: source["format"].map { "\($0)-import" } ?? "import", quality: quality, seed: 0,
      episodes: 0, steps: 0, actionKind: actionKind, observationDimension: 0, actionDimension: 0, returns: .init([]),
      randomReturn: references.0 ?? spec.expert?.randomReturn ?? 0, expertReturn: references.1 ?? spec.expert?.expertReturn ?? 0,
      toolkitVersion: Toolkit.version, checksum: "")
    metadata.source = source.merging(["file": (path as NSString).lastPathComponent]) { a, _ in a }
    let dataset = TrajectoryDataset(
      episodes: episodes, observationDimension: environment.observationSpace.count, actionDimension: actionDimension, metadata: metadata)
    do { try dataset.validate(against: environment, path: path) } catch { throw .dataset(error) }
    return dataset
  }
}
