import Foundation
public import RLCore
public import Trajectories

/// D4RL's HDF5 layout (Fu et al. 2020, `d4rl.offline_env.get_dataset`): root datasets `observations (N, obs)`,
/// `actions (N, act)`, `rewards (N,)`, `terminals (N,)` and `timeouts (N,)` (older files lack `timeouts`), with
/// optional `next_observations` (each episode's last row is kept as its final observation) and `infos/*` (ignored).
///
/// Episodes end after a step flagged `terminals` (terminated) or `timeouts` (truncated, D4RL's time limit); steps
/// after the last flag form a final episode marked truncated (cut by the end of the file). Terminated and truncated
/// stay distinct, so the terminal/timeout confusion D4RL users report (bootstrapping through time limits) cannot
/// arise from our data.
public enum D4RLLayout {
  /// Reads a D4RL file as a dataset of `spec`'s environment.
  /// - Parameters:
  ///   - path: the `.hdf5` file.
  ///   - spec: the environment the data comes from; `environment` an instance of it (its spaces check the data).
  /// - Throws: `InterchangeError` naming the file and the object.
  public static func read(_ path: String, spec: EnvironmentSpec, environment: any Environment) throws(InterchangeError) -> TrajectoryDataset {
    let file = try HDF5File.open(path)
    let columns = ImportedColumns(path: path, environment: environment)
    for name in ["observations", "actions", "rewards", "terminals"] where !file.exists("/" + name) {
      throw .layout(path: path, object: name, reason: "is missing: not a D4RL file (observations, actions, rewards, terminals[, timeouts])")
    }
    let rewardArray = try file.array("/rewards")
    let steps = rewardArray.shape.first ?? 0
    let rewards = try columns.rewards(rewardArray, name: "rewards", steps: steps)
    let observations = try columns.observations(try file.array("/observations"), name: "observations", steps: steps)
    let actions = try columns.actions(try file.array("/actions"), name: "actions", steps: steps)
    let terminals = try columns.flags(try file.array("/terminals"), name: "terminals", steps: steps)
    let timeouts = file.exists("/timeouts")
      ? try columns.flags(try file.array("/timeouts"), name: "timeouts", steps: steps) : Array(repeating: false, count: steps)
    // `next_observations`, when present, gives each episode's final observation.
    let next = file.exists("/next_observations")
      ? try columns.observations(try file.array("/next_observations"), name: "next_observations", steps: steps) : nil
    var episodes: [Episode] = []
    var start = 0
    for t in 0..<steps where terminals[t] || timeouts[t] || t == steps - 1 {
      episodes.append(Episode(
        observations: Array(observations[start...t]), actions: Array(actions[start...t]), rewards: Array(rewards[start...t]),
        terminated: terminals[t], truncated: !terminals[t], finalObservation: next?[t]))
      start = t + 1
    }
    var source = ["format": "d4rl"]
    let stored = try file.stringAttribute("spikingmind_metadata")
    let metadata = stored.flatMap { try? JSONDecoder().decode(DatasetMetadata.self, from: Data($0.utf8)) }
    if let id = try file.stringAttribute("env_id") ?? metadata?.envID { source["env_id"] = id }
    return try columns.dataset(
      episodes, spec: spec, quality: metadata?.quality ?? "imported", source: source,
      references: (metadata?.randomReturn, metadata?.expertReturn))
  }

  /// Writes `dataset` as a D4RL file (atomically: a temporary sibling, then rename) that `h5py` reads: float32
  /// `observations`, `actions` (int64 `(N,)` for discrete actions), `rewards`, bool `terminals` and `timeouts`,
  /// `next_observations` when the final observations are known,
  /// and the dataset's metadata as the JSON attribute `spikingmind_metadata` beside `env_id`.
  /// - Throws: `InterchangeError`.
  public static func write(_ dataset: TrajectoryDataset, to path: String) throws(InterchangeError) {
    try AtomicHDF5.write(path) { (file) throws(InterchangeError) in
      let n = dataset.count
      try file.write("/observations", floats: dataset.observations, shape: [n, dataset.observationDimension])
      if dataset.metadata.actionKind == "discrete" {
        try file.write("/actions", integers: dataset.actions.map { Int64($0) }, shape: [n])
      } else {
        try file.write("/actions", floats: dataset.actions, shape: [n, dataset.actionDimension])
      }
      try file.write("/rewards", floats: dataset.rewards, shape: [n])
      try file.write("/terminals", booleans: dataset.terminals)
      // Every episode's last step carries a flag, so the episodes read back the same.
      var timeouts = dataset.timeouts
      for range in dataset.episodeRanges where !dataset.terminals[range.upperBound - 1] { timeouts[range.upperBound - 1] = true }
      try file.write("/timeouts", booleans: timeouts)
      if let next = dataset.nextObservations { try file.write("/next_observations", floats: next, shape: [n, dataset.observationDimension]) }
      try file.setAttribute("env_id", string: dataset.metadata.envID)
      try file.setAttribute("spikingmind_metadata", string: try AtomicHDF5.json(dataset.metadata, path: path))
    }
  }
}

extension TrajectoryDataset {
  /// `s_{t+1}` for every step, row-major `(count, obs)`: the next step's observation within an episode, the final
  /// observation after its last step; nil when the final observations are not recorded.
  var nextObservations: [Float]? {
    let width = observationDimension
    guard !finalObservations.isEmpty else { return nil }
    var next = [Float](repeating: 0, count: count * width)
    for (episode, range) in episodeRanges.enumerated() {
      for t in range {
        let source = t + 1 < range.upperBound ? Array(observations[((t + 1) * width)..<((t + 2) * width)])
          : Array(finalObservations[(episode * width)..<((episode + 1) * width)])
        next.replaceSubrange((t * width)..<((t + 1) * width), with: source)
      }
    }
    return next
  }
}
