import Foundation
public import RLCore
public import Trajectories

/// Reads a dataset in any supported format: our `.npz` (stored or deflated members), D4RL HDF5 or Minari HDF5
/// (the file, its `data` directory or the dataset directory), telling them apart by their bytes and layout.
public enum DatasetReader {
  /// A dataset file format.
  public enum Format: String, Sendable, CaseIterable {
    /// Our `.npz` (`np.savez` / `np.savez_compressed`).
    case npz
    /// D4RL's HDF5 layout.
    case d4rl
    /// Minari's HDF5 layout.
    case minari
  }

  /// The format of `path`: a directory or an HDF5 file with `episode_<id>` groups is Minari, another HDF5 file
  /// D4RL, anything else `.npz` (whose reader then says what is wrong with it).
  public static func format(of path: String) -> Format {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return .minari }
    guard let handle = FileHandle(forReadingAtPath: path) else { return .npz }
    defer { try? handle.close() }
    let magic = (try? handle.read(upToCount: 8)) ?? Data()
    guard magic == Data([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) else { return .npz }
    let groups = (try? HDF5File.open(path)).flatMap { try? $0.members(of: "/") } ?? []
    return groups.contains { $0.hasPrefix("episode_") } ? .minari : .d4rl
  }

  /// Reads `path` as a dataset of `spec`'s environment.
  /// - Parameters:
  ///   - path: the file (or Minari directory).
  ///   - format: the format (nil: detected, `format(of:)`).
  ///   - spec: the environment the data must be of; `environment` an instance of it. An `.npz` names its own
  ///     environment in its metadata, which the caller compares.
  /// - Throws: `InterchangeError` (`.dataset` for `.npz` errors).
  public static func read(
    _ path: String, format: Format? = nil, spec: EnvironmentSpec, environment: any Environment
  ) throws(InterchangeError) -> TrajectoryDataset {
    switch format ?? Self.format(of: path) {
    case .npz:
      do { return try DatasetFile.read(path) } catch { throw .dataset(error) }
    case .d4rl: return try D4RLLayout.read(path, spec: spec, environment: environment)
    case .minari: return try MinariLayout.read(path, spec: spec, environment: environment)
    }
  }
}
