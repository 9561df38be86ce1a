import Foundation
public import RLCore
public import Trajectories

extension MinariLayout {
  /// Writes `dataset` as a Minari 0.5 dataset directory `<directory>/data/{main_data.hdf5, metadata.json}`, which
  /// `minari.load_dataset` opens when `MINARI_DATASETS_PATH` holds it under its `datasetID` (atomically: the
  /// directory is built as a temporary sibling, then renamed into place).
  /// - Parameters:
  ///   - dataset: the dataset; it must carry its final observations (Minari stores `N + 1` per episode).
  ///   - directory: the dataset directory to create (it must not exist).
  ///   - datasetID: Minari's id, `(namespace/)name-vN`.
  ///   - spec: the environment (for `env_spec`); `environment` an instance (its spaces).
  /// - Throws: `InterchangeError`.
  public static func write(
    _ dataset: TrajectoryDataset, to directory: String, datasetID: String, spec: EnvironmentSpec, environment: any Environment
  ) throws(InterchangeError) {
    guard !dataset.finalObservations.isEmpty else {
      throw .layout(path: directory, object: "final_observations",
        reason: "the dataset does not record each episode's final observation, which Minari stores (collect it again)")
    }
    guard !FileManager.default.fileExists(atPath: directory) else { throw .layout(path: directory, object: "/", reason: "already exists") }
    let parent = (directory as NSString).deletingLastPathComponent
    let temporary = (parent.isEmpty ? "." : parent) + "/.\((directory as NSString).lastPathComponent).tmp-\(UUID().uuidString)"
    do throws(InterchangeError) {
      try createDirectory(temporary + "/data")
      let file = try HDF5File.create(temporary + "/data/main_data.hdf5")
      try writeEpisodes(dataset, to: file)
      try file.flush()
      let metadata = try description(dataset, datasetID: datasetID, spec: spec, environment: environment, path: directory)
      do { try metadata.write(to: URL(fileURLWithPath: temporary + "/data/metadata.json")) } catch {
        throw .hdf5(path: directory, object: "metadata.json", reason: "cannot be written")
      }
      guard rename(temporary, directory) == 0 else { throw .hdf5(path: directory, object: "/", reason: "cannot be renamed into place") }
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
  }

  static func createDirectory(_ path: String) throws(InterchangeError) {
    do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
      throw .hdf5(path: path, object: "/", reason: "cannot create the directory")
    }
  }

  /// One `episode_<i>` group per episode, as Minari's HDF5 storage writes them.
  static func writeEpisodes(_ dataset: TrajectoryDataset, to file: HDF5File) throws(InterchangeError) {
    let (width, actionWidth) = (dataset.observationDimension, dataset.actionDimension)
    let discrete = dataset.metadata.actionKind == "discrete"
    for (index, range) in dataset.episodeRanges.enumerated() {
      let group = "/episode_\(index)"
      let n = range.count
      try file.createGroup(group)
      try file.createGroup(group + "/infos")
      let observations = Array(dataset.observations[(range.lowerBound * width)..<(range.upperBound * width)])
        + dataset.finalObservations[(index * width)..<((index + 1) * width)]
      try file.write(group + "/observations", floats: observations, shape: [n + 1, width])
      let actions = Array(dataset.actions[(range.lowerBound * actionWidth)..<(range.upperBound * actionWidth)])
      if discrete {
        try file.write(group + "/actions", integers: actions.map { Int64($0) }, shape: [n])
      } else {
        try file.write(group + "/actions", floats: actions, shape: [n, actionWidth])
      }
      try file.write(group + "/rewards", doubles: dataset.rewards[range].map { Double($0) }, shape: [n])
      try file.write(group + "/terminations", booleans: Array(dataset.terminals[range]))
      try file.write(group + "/truncations", booleans: Array(dataset.timeouts[range]))
      try file.setAttribute("id", integer: Int64(index), on: group)
      try file.setAttribute("total_steps", integer: Int64(n), on: group)
    }
  }

  /// Minari 0.5's `metadata.json`: counts, spaces and `env_spec` as Gymnasium serialises them, the reference
  /// scores for normalised scores, and where the data came from.
  static func description(
    _ dataset: TrajectoryDataset, datasetID: String, spec: EnvironmentSpec, environment: any Environment, path: String
  ) throws(InterchangeError) -> Data {
    let gymnasium = gymnasiumEntryPoints[spec.id]
    let envSpec: [String: Any] = [
      "id": spec.id, "entry_point": gymnasium?.entryPoint ?? NSNull(), "reward_threshold": spec.rewardThreshold ?? NSNull(),
      "nondeterministic": false, "max_episode_steps": spec.maxEpisodeSteps ?? NSNull(), "order_enforce": true,
      "disable_env_checker": false, "kwargs": gymnasium?.kwargs ?? [:], "additional_wrappers": [Any](), "vector_entry_point": NSNull(),
    ]
    let object: [String: Any] = [
      "total_episodes": dataset.metadata.episodes, "total_steps": dataset.count, "data_format": "hdf5",
      "observation_space": try text(space: .box(environment.observationSpace), path: path),
      "action_space": try text(space: environment.actionSpace, path: path),
      "env_spec": try text(envSpec, path: path), "dataset_id": datasetID, "minari_version": "0.5.4",
      "algorithm_name": dataset.metadata.expert, "author": "SpikingMindRL \(Toolkit.version)",
      "ref_min_score": dataset.metadata.randomReturn, "ref_max_score": dataset.metadata.expertReturn,
      "description": "Exported by spikingmind dataset export from \(dataset.metadata.envID) \(dataset.metadata.quality) data "
        + "(seed \(dataset.metadata.seed), checksum \(dataset.metadata.checksum)).",
    ]
    do { return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) } catch {
      throw .hdf5(path: path, object: "metadata.json", reason: "cannot be encoded")
    }
  }

  /// Gymnasium 1.4.0's registrations of our environments, so `recover_environment()` makes Gymnasium's own.
  static let gymnasiumEntryPoints: [String: (entryPoint: String, kwargs: [String: Bool])] = [
    "CartPole-v1": ("gymnasium.envs.classic_control.cartpole:CartPoleEnv", [:]),
    "MountainCar-v0": ("gymnasium.envs.classic_control.mountain_car:MountainCarEnv", [:]),
    "MountainCarContinuous-v0": ("gymnasium.envs.classic_control.continuous_mountain_car:Continuous_MountainCarEnv", [:]),
    "Acrobot-v1": ("gymnasium.envs.classic_control.acrobot:AcrobotEnv", [:]),
    "Pendulum-v1": ("gymnasium.envs.classic_control.pendulum:PendulumEnv", [:]),
    "LunarLander-v3": ("gymnasium.envs.box2d.lunar_lander:LunarLander", [:]),
    "LunarLanderContinuous-v3": ("gymnasium.envs.box2d.lunar_lander:LunarLander", ["continuous": true]),
    "BipedalWalker-v3": ("gymnasium.envs.box2d.bipedal_walker:BipedalWalker", [:]),
    "BipedalWalkerHardcore-v3": ("gymnasium.envs.box2d.bipedal_walker:BipedalWalker", ["hardcore": true]),
  ]

  /// A space as Minari's `serialize_space` writes it (JSON text).
  static func text(space: Space, path: String) throws(InterchangeError) -> String {
    switch space {
    case .discrete(let d): try text(["type": "Discrete", "dtype": "int64", "start": d.start, "n": d.count], path: path)
    case .box(let b):
      // Python's json writes ±Infinity for unbounded components (CartPole's velocities), which JSONSerialization cannot.
      "{\"dtype\": \"float32\", \"high\": \(numbers(b.high)), \"low\": \(numbers(b.low)), \"shape\": \(b.shape), \"type\": \"Box\"}"
    }
  }

  /// A JSON list of float32 values as Python prints them, `Infinity` for infinities.
  static func numbers(_ values: [Float]) -> String {
    "[" + values.map { $0.isInfinite ? ($0 > 0 ? "Infinity" : "-Infinity") : "\(Double($0))" }.joined(separator: ", ") + "]"
  }

  static func text(_ object: [String: Any], path: String) throws(InterchangeError) -> String {
    do { return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) } catch {
      throw .hdf5(path: path, object: "metadata.json", reason: "cannot be encoded")
    }
  }
}
