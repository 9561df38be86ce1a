public import RLCore

extension TrajectoryDataset {
  /// Checks the dataset against an environment's spaces (D4RL's `get_dataset` checks, as errors).
  /// - Parameters:
  ///   - environment: an instance of the environment the data claims to come from.
  ///   - path: the file, for errors.
  /// - Throws: `DatasetError.shapeMismatch` for dimensions, `.invalidValue` for actions outside the space.
  public func validate(against environment: any Environment, path: String) throws(DatasetError) {
    let observationCount = environment.observationSpace.count
    guard observationDimension == observationCount else {
      throw .shapeMismatch(
        path: path, field: "observations", expected: "(\(count), \(observationCount)) for \(environment.name)",
        found: "(\(count), \(observationDimension))")
    }
    switch environment.actionSpace {
    case .discrete(let space):
      guard actionDimension == 1 else {
        throw .shapeMismatch(
          path: path, field: "actions", expected: "(\(count), 1) for \(environment.name)",
          found: "(\(count), \(actionDimension))")
      }
      if let index = actions.firstIndex(where: { $0.rounded() != $0 || !space.contains(Int(exactly: $0) ?? -1) }) {
        throw .invalidValue(
          path: path, field: "actions", reason: "row \(index) holds \(actions[index]), not an action of \(environment.actionSpace.summary)")
      }
    case .box(let box):
      guard actionDimension == box.count else {
        throw .shapeMismatch(
          path: path, field: "actions", expected: "(\(count), \(box.count)) for \(environment.name)",
          found: "(\(count), \(actionDimension))")
      }
      if let index = actions.firstIndex(where: { !$0.isFinite }) {
        throw .invalidValue(path: path, field: "actions", reason: "non-finite value at element \(index)")
      }
    }
  }
}
