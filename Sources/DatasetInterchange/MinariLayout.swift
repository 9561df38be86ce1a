import Foundation
public import RLCore
public import Trajectories

/// Minari's HDF5 layout (Farama, `main_data.hdf5`): one group per episode, `episode_<id>`, holding
/// `observations (N + 1, obs)` (the last the observation after the final step), `actions`, `rewards`,
/// `terminations` and `truncations` (N each). The dataset's description (`dataset_id`, `env_spec` as Gymnasium's
/// JSON, `total_steps`, optional `ref_min_score`/`ref_max_score`) is Minari 0.5's `metadata.json` beside the file,
/// or, in older files, the root's attributes.
///
/// The path may be the `.hdf5` file, its `data` directory or the dataset directory (`<id>/data/main_data.hdf5`).
/// Episodes are read in the order of their ids; an episode must end with its only termination or truncation.
public enum MinariLayout {
  /// Reads a Minari file as a dataset of `spec`'s environment.
  /// - Parameters:
  ///   - path: the `.hdf5` file.
  ///   - spec: the environment; `environment` an instance of it. The file's `env_spec` id, when present, must
  ///     name the same environment.
  /// - Throws: `InterchangeError` naming the file and the object.
  public static func read(_ given: String, spec: EnvironmentSpec, environment: any Environment) throws(InterchangeError) -> TrajectoryDataset {
    let path = dataFile(given)
    let file = try HDF5File.open(path)
    let description = try Description(file: file)
    let columns = ImportedColumns(path: path, environment: environment)
    var source = ["format": "minari"]
    if let specJSON = try description.string("env_spec") {
      let object = (try? JSONSerialization.jsonObject(with: Data(specJSON.utf8))) as? [String: Any]
      guard let id = object?["id"] as? String else { throw .layout(path: path, object: "/@env_spec", reason: "is not Gymnasium's EnvSpec JSON") }
      guard id == spec.id else { throw .layout(path: path, object: "/@env_spec", reason: "names \(id), not \(spec.id)") }
      source["env_id"] = id
    }
    if let id = try description.string("dataset_id") { source["dataset_id"] = id }
    let groups = try episodeGroups(file)
    var episodes: [Episode] = []
    for (_, name) in groups { episodes.append(try episode(file, group: "/" + name, columns: columns)) }
    let references = (try description.number("ref_min_score"), try description.number("ref_max_score"))
    if let total = try description.number("total_steps"), Int(total) != episodes.reduce(0, { $0 + $1.count }) {
      throw .layout(path: path, object: "/@total_steps", reason: "says \(Int(total)) steps, the episodes hold \(episodes.reduce(0) { $0 + $1.count })")
    }
    return try columns.dataset(episodes, spec: spec, quality: source["dataset_id"] ?? "imported", source: source, references: references)
  }

  /// The `.hdf5` file of a path naming it, its `data` directory or the dataset directory.
  static func dataFile(_ path: String) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return path }
    let direct = (path as NSString).appendingPathComponent("main_data.hdf5")
    return FileManager.default.fileExists(atPath: direct) ? direct : (path as NSString).appendingPathComponent("data/main_data.hdf5")
  }

  /// The dataset's description: `metadata.json` beside the file (Minari 0.5), else the root's attributes.
  struct Description {
    let file: HDF5File
    let json: [String: Any]?

    init(file: HDF5File) throws(InterchangeError) {
      self.file = file
      let url = URL(fileURLWithPath: file.path).deletingLastPathComponent().appendingPathComponent("metadata.json")
      guard let data = try? Data(contentsOf: url) else { json = nil; return }
      guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
        throw .layout(path: url.path, object: "/", reason: "is not a JSON object")
      }
      json = object
    }

    func string(_ name: String) throws(InterchangeError) -> String? {
      if let json { return json[name] as? String }
      return try file.stringAttribute(name)
    }

    func number(_ name: String) throws(InterchangeError) -> Double? {
      if let json { return (json[name] as? NSNumber)?.doubleValue }
      return try file.numberAttribute(name)
    }
  }

  /// The root's `episode_<id>` groups, by id.
  static func episodeGroups(_ file: HDF5File) throws(InterchangeError) -> [(Int, String)] {
    let groups = try file.members(of: "/").compactMap { name -> (Int, String)? in
      guard name.hasPrefix("episode_"), let id = Int(name.dropFirst("episode_".count)) else { return nil }
      return (id, name)
    }.sorted { $0.0 < $1.0 }
    guard !groups.isEmpty else {
      throw .layout(path: file.path, object: "/", reason: "has no episode_<id> groups: not a Minari file")
    }
    return groups
  }

  /// One episode group.
  static func episode(_ file: HDF5File, group: String, columns: ImportedColumns) throws(InterchangeError) -> Episode {
    for name in ["observations", "actions", "rewards", "terminations", "truncations"] where !file.exists("\(group)/\(name)") {
      throw .layout(path: file.path, object: "\(group)/\(name)", reason: "is missing (dictionary observations are not supported)")
    }
    let rewardArray = try file.array("\(group)/rewards")
    let steps = rewardArray.shape.first ?? 0
    guard steps > 0 else { throw .layout(path: file.path, object: group, reason: "holds no steps") }
    let rewards = try columns.rewards(rewardArray, name: "\(group)/rewards", steps: steps)
    let actions = try columns.actions(try file.array("\(group)/actions"), name: "\(group)/actions", steps: steps)
    let terminations = try columns.flags(try file.array("\(group)/terminations"), name: "\(group)/terminations", steps: steps)
    let truncations = try columns.flags(try file.array("\(group)/truncations"), name: "\(group)/truncations", steps: steps)
    if let early = (0..<(steps - 1)).first(where: { terminations[$0] || truncations[$0] }) {
      throw .layout(path: file.path, object: group, reason: "ends at step \(early) before its last step \(steps - 1)")
    }
    let all = try columns.observations(try file.array("\(group)/observations"), name: "\(group)/observations", steps: steps + 1)
    return Episode(
      observations: Array(all.prefix(steps)), actions: actions, rewards: rewards, terminated: terminations[steps - 1], truncated: truncations[steps - 1],
      finalObservation: all[steps])
  }
}
