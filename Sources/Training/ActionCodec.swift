public import RLCore

/// How environment actions map to the models' action vectors and back.
///
/// Discrete spaces: class `a − start` as a one-hot input token and a class-index target; the model's logits
/// act by argmax. Box spaces: each component scaled from `[low, high]` to `[−1, 1]` (the tanh head's range)
/// for inputs and targets; the model's outputs are mapped back and clipped to the box, as the environment
/// would clip. Saved with every checkpoint.
public struct ActionCodec: Sendable, Equatable, Codable {
  /// Discrete or continuous.
  public let discrete: Bool
  /// Classes (discrete) or components (continuous): the models' action dimension.
  public let count: Int
  /// The first class (discrete spaces with a start).
  public let start: Int
  /// The box's bounds (continuous).
  public let low: [Float], high: [Float]

  /// The codec of an action space.
  /// - Throws: `TrainerError.invalidConfiguration` for an unbounded box.
  public init(space: Space) throws(TrainerError) {
    switch space {
    case .discrete(let d):
      (discrete, count, start, low, high) = (true, d.count, d.start, [], [])
    case .box(let box):
      guard box.isBounded else { throw .invalidConfiguration(field: "action space", reason: "\(box.summary) is unbounded") }
      (discrete, count, start, low, high) = (false, box.count, 0, box.low, box.high)
    }
  }

  /// A dataset action row (one class value, or a raw vector) as the model's target row: the class index,
  /// or the vector scaled to [−1, 1].
  public func target(_ raw: ArraySlice<Float>) -> [Float] {
    if discrete { return [Float(Int(raw.first ?? 0) - start)] }
    return zip(raw, zip(low, high)).map { value, bounds in
      let span = bounds.1 - bounds.0
      return span > 0 ? 2 * (value - bounds.0) / span - 1 : 0
    }
  }

  /// The model's input token for an action taken: one-hot, or the scaled vector.
  public func token(for action: Action) -> [Float] {
    switch action {
    case .discrete(let value):
      var oneHot = [Float](repeating: 0, count: count)
      let index = value - start
      if oneHot.indices.contains(index) { oneHot[index] = 1 }
      return oneHot
    case .continuous(let values): return target(values[...])
    }
  }

  /// The placeholder token of the step being predicted (zeros).
  public var placeholder: [Float] { Array(repeating: 0, count: count) }

  /// The action for a model output: argmax of the logits, or the output mapped to the box and clipped.
  public func action(for output: [Float]) -> Action {
    if discrete {
      var best = 0
      for i in output.indices where output[i] > output[best] { best = i }
      return .discrete(best + start)
    }
    return .continuous(zip(output, zip(low, high)).map { value, bounds in
      let mapped = bounds.0 + (value + 1) / 2 * (bounds.1 - bounds.0)
      return min(max(mapped, bounds.0), bounds.1)
    })
  }
}
