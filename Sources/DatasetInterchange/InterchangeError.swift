public import Trajectories

/// Errors importing and exporting datasets of other tools (D4RL, Minari); each names the file and the object.
public enum InterchangeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// HDF5 refused an operation on an object of the file (not HDF5, truncated, missing, unreadable...).
  case hdf5(path: String, object: String, reason: String)
  /// The file is HDF5 but not in the layout asked for (a missing dataset, the wrong dtype or shape...).
  case layout(path: String, object: String, reason: String)
  /// The imported data fails the dataset checks (the environment's spaces, non-finite values...).
  case dataset(DatasetError)

  /// One line naming the file, the object and the problem.
  public var description: String {
    switch self {
    case .hdf5(let path, let object, let reason): "\(path): HDF5 object '\(object)': \(reason)"
    case .layout(let path, let object, let reason): "\(path): '\(object)': \(reason)"
    case .dataset(let error): error.description
    }
  }
}
