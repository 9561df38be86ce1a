public import DecisionModels
import NeuralNetworks
public import RLCore
public import Trajectories

/// Errors of offline training, fine-tuning, evaluation and checkpoints; each names what it is about.
public enum TrainerError: Error, Sendable, CustomStringConvertible {
  /// A setting outside its domain.
  case invalidConfiguration(field: String, reason: String)
  /// No dataset given and none found where `collect-experts` writes.
  case noDataset(environment: String, searched: [String])
  /// A dataset could not be read.
  case dataset(path: String, DatasetError)
  /// A D4RL or Minari file cannot be imported (its reason names the object).
  case importedDataset(path: String, reason: String)
  /// A dataset does not fit the environment or the other datasets.
  case datasetMismatch(path: String, reason: String)
  /// A checkpoint file is missing, truncated or malformed.
  case checkpoint(path: String, field: String, reason: String)
  /// A checkpoint belongs to another environment than the one asked for.
  case checkpointEnvironment(path: String, checkpoint: String, requested: String)
  /// Resuming with a dataset other than the one the checkpoint was trained on.
  case incompatibleDataset(path: String, checkpoint: String, dataset: String)
  /// A non-finite loss or gradient stopped training.
  case nonFinite(step: Int, batch: [WindowOrigin], detail: String)
  /// The processes of a distributed run could not exchange a step's shards (a peer died, say).
  case distributed(step: Int, reason: String)
  /// A file or directory could not be written.
  case io(path: String, reason: String)
  /// A new run was pointed at a directory that already holds one.
  case runExists(path: String)
  /// The environment failed.
  case environment(EnvironmentError)
  /// The registry refused an id.
  case registry(RegistryError)
  /// The model refused its parameters or configuration.
  case model(DecisionModelError)

  /// One line.
  public var description: String {
    switch self {
    case .invalidConfiguration(let field, let reason): "\(field): \(reason)"
    case .noDataset(let env, let searched):
      "no dataset for \(env): looked for \(searched.joined(separator: ", ")); run `spikingmind collect-experts --env \(env)` or pass --data"
    case .dataset(let path, let error): "\(path): \(error)"
    case .importedDataset(_, let reason): reason
    case .datasetMismatch(let path, let reason): "\(path): \(reason)"
    case .checkpoint(let path, let field, let reason): "\(path): \(field): \(reason)"
    case .checkpointEnvironment(let path, let checkpoint, let requested):
      "\(path) is a checkpoint of \(checkpoint), not of \(requested)"
    case .incompatibleDataset(let path, let checkpoint, let dataset):
      "\(path) was trained on dataset \(checkpoint), the data given now is \(dataset)"
    case .distributed(let step, let reason): "step \(step): \(reason); the last good checkpoint is kept"
    case .nonFinite(let step, let batch, let detail):
      "step \(step): \(detail); batch of \(batch.count) windows (episode:start) "
        + batch.prefix(8).map { "\($0.episode):\($0.start)" }.joined(separator: " ") + (batch.count > 8 ? " ..." : "")
        + "; the last good checkpoint is kept"
    case .io(let path, let reason): "\(path): \(reason)"
    case .runExists(let path): "\(path) holds a run already: continue it with --resume \(path), or choose another --out"
    case .environment(let error): "\(error)"
    case .registry(let error): "\(error)"
    case .model(let error): "\(error)"
    }
  }
}
