extension TrajectoryDataset {
  /// The episodes of several datasets of one environment, in order (D4RL builds medium-expert this way).
  /// The metadata is the first dataset's with counts, return statistics and checksum recomputed and the
  /// quality tiers joined with `+`.
  /// - Precondition: equal observation and action dimensions (checked by the caller, with a typed error).
  public static func concatenated(_ datasets: [TrajectoryDataset]) -> TrajectoryDataset {
    precondition(!datasets.isEmpty, "nothing to concatenate")
    if datasets.count == 1 { return datasets[0] }
    let first = datasets[0]
    var metadata = first.metadata
    metadata.quality = datasets.map(\.metadata.quality).joined(separator: "+")
    metadata.episodes = datasets.reduce(0) { $0 + $1.metadata.episodes }
    var result = TrajectoryDataset(
      observations: datasets.flatMap(\.observations), actions: datasets.flatMap(\.actions), rewards: datasets.flatMap(\.rewards),
      terminals: datasets.flatMap(\.terminals), timeouts: datasets.flatMap(\.timeouts), episodeStarts: datasets.flatMap(\.episodeStarts),
      observationDimension: first.observationDimension, actionDimension: first.actionDimension, metadata: metadata,
      finalObservations: datasets.allSatisfy { !$0.finalObservations.isEmpty } ? datasets.flatMap(\.finalObservations) : [])
    result.metadata.steps = result.count
    result.metadata.returns = DatasetMetadata.ReturnStatistics(result.episodeReturns)
    result.metadata.checksum = result.checksum
    return result
  }

  /// The same episodes with every action row replaced by `transform(row)` (e.g. scaled to a model's range);
  /// rows may change length.
  public func mappingActions(width: Int, _ transform: (ArraySlice<Float>) -> [Float]) -> TrajectoryDataset {
    var actions: [Float] = []
    actions.reserveCapacity(count * width)
    for step in 0..<count {
      let row = transform(self.actions[(step * actionDimension)..<((step + 1) * actionDimension)])
      precondition(row.count == width, "an action transform must give \(width) values")
      actions += row
    }
    var result = TrajectoryDataset(
      observations: observations, actions: actions, rewards: rewards, terminals: terminals, timeouts: timeouts,
      episodeStarts: episodeStarts, observationDimension: observationDimension, actionDimension: width, metadata: metadata,
      finalObservations: finalObservations)
    result.metadata.actionDimension = width
    return result
  }

  /// Each episode's undiscounted return.
  public var episodeReturns: [Double] {
    episodeRanges.map { range in rewards[range].reduce(0.0) { $0 + Double($1) } }
  }
}
