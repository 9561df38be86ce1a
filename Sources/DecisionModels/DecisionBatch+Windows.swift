extension DecisionBatch {
  /// The windows `range` of this batch as a batch of their own (for data-parallel shards).
  /// - Parameters:
  ///   - range: window indices within `0..<batchSize`.
  ///   - discrete: whether targets are class indices (one per step) rather than action vectors.
  ///   - stateDimension: values per state; `actionDimension`: values per action token.
  public func windows(_ range: Range<Int>, stateDimension: Int, actionDimension: Int, discrete: Bool) -> DecisionBatch {
    precondition(range.lowerBound >= 0 && range.upperBound <= batchSize, "windows \(range) outside 0..<\(batchSize)")
    let k = contextLength
    func part<T>(_ values: [T], perStep: Int) -> [T] {
      Array(values[(range.lowerBound * k * perStep)..<(range.upperBound * k * perStep)])
    }
    return DecisionBatch(
      batchSize: range.count, contextLength: k, states: part(states, perStep: stateDimension),
      actionInputs: part(actionInputs, perStep: actionDimension),
      actionTargets: part(actionTargets, perStep: discrete ? 1 : actionDimension),
      returnsToGo: part(returnsToGo, perStep: 1), timesteps: part(timesteps, perStep: 1), mask: part(mask, perStep: 1))
  }
}
