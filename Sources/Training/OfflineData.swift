import DatasetInterchange
public import RLCore
public import Trajectories

/// The training data of a run: the datasets read, checked against the environment, concatenated, actions
/// mapped to the model's range, and the window sampler over them.
public struct OfflineData: Sendable {
  /// The concatenated dataset with model-range actions (class indices, or vectors in [−1, 1]).
  public let dataset: TrajectoryDataset
  /// The files' checksums joined with `+`.
  public let fingerprint: String
  /// Windows with the DT's conventions (normalisation statistics over these datasets).
  public let sampler: WindowSampler
  /// Environment ↔ model actions.
  public let codec: ActionCodec
  /// The files' own (unmapped) metadata, first file's.
  public let metadata: DatasetMetadata

  /// Reads, checks and prepares the datasets.
  /// - Parameters:
  ///   - paths: files of `spec`'s environment: `.npz` (stored or compressed), D4RL or Minari HDF5.
  ///   - environment: an instance (its spaces).
  /// - Throws: `TrainerError.dataset` (unreadable), `.datasetMismatch` (another environment, other dimensions).
  public static func load(
    paths: [String], spec: EnvironmentSpec, environment: any Environment, contextLength: Int, returnScale: Double,
    maxEpisodeLength: Int
  ) throws(TrainerError) -> OfflineData {
    let codec = try ActionCodec(space: environment.actionSpace)
    var datasets: [TrajectoryDataset] = []
    for path in paths {
      let dataset: TrajectoryDataset
      do { dataset = try DatasetReader.read(path, spec: spec, environment: environment) } catch {
        if case .dataset(let inner) = error { throw .dataset(path: path, inner) }
        throw .importedDataset(path: path, reason: error.description)
      }
      guard dataset.metadata.envID == spec.id else {
        throw .datasetMismatch(path: path, reason: "is a dataset of \(dataset.metadata.envID), not of \(spec.id)")
      }
      guard dataset.observationDimension == environment.observationSpace.count else {
        throw .datasetMismatch(path: path, reason: "observations have \(dataset.observationDimension) values, \(spec.id) has \(environment.observationSpace.count)")
      }
      let expectedActions = codec.discrete ? 1 : codec.count
      guard dataset.actionDimension == expectedActions else {
        throw .datasetMismatch(path: path, reason: "actions have \(dataset.actionDimension) values, \(spec.id) needs \(expectedActions)")
      }
      guard dataset.count > 0 else { throw .datasetMismatch(path: path, reason: "holds no steps") }
      datasets.append(dataset)
    }
    guard let first = datasets.first else { throw .noDataset(environment: spec.id, searched: []) }
    let merged = TrajectoryDataset.concatenated(datasets)
    let mapped = merged.mappingActions(width: codec.discrete ? 1 : codec.count) { codec.target($0) }
    if codec.discrete, let bad = mapped.actions.first(where: { $0 < 0 || Int($0) >= codec.count }) {
      throw .datasetMismatch(path: paths[0], reason: "holds action \(Int(bad) + codec.start) outside \(spec.id)'s \(codec.count) actions")
    }
    return OfflineData(
      dataset: mapped, fingerprint: datasets.map(\.metadata.checksum).joined(separator: "+"),
      sampler: WindowSampler(dataset: mapped, contextLength: contextLength, returnScale: returnScale, maxEpisodeLength: maxEpisodeLength, seed: 0),
      codec: codec, metadata: first.metadata)
  }

  /// The smallest and largest return-to-go (raw) of any step of the data.
  public var returnToGoRange: [Double] {
    [sampler.returnsToGo.min() ?? 0, sampler.returnsToGo.max() ?? 0]
  }

  /// The best episode return in the data (the default conditioning target).
  public var bestReturn: Double { dataset.episodeReturns.max() ?? 0 }
}
