public import RLCore

/// A deterministic linear policy on normalised observations: `a = clip(M·(x − μ)/σ, low, high)` (ARS's policy,
/// Mania et al. 2018, with the actions clipped to the action box).
public struct LinearPolicy: Policy, Codable, Equatable {
  /// The weights `M (actions × observations)`, row-major.
  public var weights: [Double]
  /// The observation mean μ and standard deviation σ (frozen while acting).
  public var mean: [Double], standardDeviation: [Double]
  /// The action bounds.
  public let low: [Float], high: [Float]

  /// A zero policy for `observations`-vectors and the action box.
  public init(observations: Int, low: [Float], high: [Float]) {
    weights = Array(repeating: 0, count: low.count * observations)
    mean = Array(repeating: 0, count: observations)
    standardDeviation = Array(repeating: 1, count: observations)
    (self.low, self.high) = (low, high)
  }

  /// Observations per action row.
  public var observations: Int { mean.count }

  /// No state.
  public mutating func reset(seed: UInt64?) {}

  /// The clipped linear action.
  public mutating func action(for observation: [Float]) -> Action { .continuous(act(observation, weights: weights)) }

  /// `clip(W·(x − μ)/σ)` for weights `w` of this shape (perturbed ones during search).
  func act(_ x: [Float], weights w: [Double]) -> [Float] {
    let n = observations
    var z = [Double](repeating: 0, count: n)
    for i in 0..<n { z[i] = (Double(x[i]) - mean[i]) / standardDeviation[i] }
    return (0..<low.count).map { row in
      var sum = 0.0
      for i in 0..<n { sum += w[row * n + i] * z[i] }
      return min(max(Float(sum), low[row]), high[row])
    }
  }
}
