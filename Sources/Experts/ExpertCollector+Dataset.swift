public import RLCore
public import Trajectories

extension ExpertCollector {
  /// The dataset of collected episodes, with this collector's provenance in the metadata.
  /// - Parameters:
  ///   - episodes: the collected episodes.
  ///   - environment: an instance of the environment (for dimensions and the action kind).
  /// - Returns: the dataset (counts, return statistics and checksum filled in).
  public func dataset(of episodes: [Episode], environment: any Environment) -> TrajectoryDataset {
    let actionDimension: Int
    let actionKind: String
    switch environment.actionSpace {
    case .discrete: (actionDimension, actionKind) = (1, "discrete")
    case .box(let box): (actionDimension, actionKind) = (box.count, "continuous")
    }
    let metadata = DatasetMetadata(
      envID: spec.id, envOptions: options.mapValues(\.description),
      expert: quality == .random ? "random" : spec.expert?.name ?? "none", quality: quality.rawValue, seed: seed,
      episodes: 0, steps: 0, actionKind: actionKind, observationDimension: 0, actionDimension: 0,
      returns: .init([]), randomReturn: spec.expert?.randomReturn ?? 0, expertReturn: spec.expert?.expertReturn ?? 0,
      toolkitVersion: Toolkit.version, checksum: "")
    return TrajectoryDataset(
      episodes: episodes, observationDimension: environment.observationSpace.count,
      actionDimension: actionDimension, metadata: metadata)
  }
}
