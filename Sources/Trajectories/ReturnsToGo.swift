/// Returns-to-go: the (discounted) suffix sums of an episode's rewards.
public enum ReturnsToGo {
  /// `R̂_t = r_t + γ·R̂_{t+1}`, `R̂_T = 0` (kzl's `discount_cumsum`, accumulated in Float64).
  /// - Parameters:
  ///   - rewards: one episode's rewards.
  ///   - gamma: the discount (1 for the Decision Transformer's undiscounted returns).
  /// - Returns: one value per step.
  public static func compute(_ rewards: some Collection<Float>, gamma: Double = 1) -> [Double] {
    var result = [Double](repeating: 0, count: rewards.count)
    var running = 0.0
    for (offset, reward) in rewards.reversed().enumerated() {
      running = Double(reward) + gamma * running
      result[rewards.count - 1 - offset] = running
    }
    return result
  }
}

/// Per-dimension observation mean and standard deviation (population, plus 1e-6 as in kzl's DT).
public struct ObservationStatistics: Sendable, Equatable, Codable {
  /// The mean of each observation dimension.
  public var mean: [Float]
  /// The standard deviation of each dimension plus 1e-6.
  public var std: [Float]

  /// Statistics over row-major observations `(count, dimension)`, accumulated in Float64.
  /// - Parameters:
  ///   - observations: the flat observations.
  ///   - dimension: the observation length.
  public init(observations: [Float], dimension: Int) {
    let rows = dimension == 0 ? 0 : observations.count / dimension
    var sums = [Double](repeating: 0, count: dimension)
    for row in 0..<rows { for column in 0..<dimension { sums[column] += Double(observations[row * dimension + column]) } }
    let means = sums.map { rows == 0 ? 0 : $0 / Double(rows) }
    var squares = [Double](repeating: 0, count: dimension)
    for row in 0..<rows {
      for column in 0..<dimension {
        let delta = Double(observations[row * dimension + column]) - means[column]
        squares[column] += delta * delta
      }
    }
    mean = means.map { Float($0) }
    std = squares.map { Float((rows == 0 ? 0 : $0 / Double(rows)).squareRoot() + 1e-6) }
  }

  /// Creates statistics from known values.
  public init(mean: [Float], std: [Float]) {
    self.mean = mean
    self.std = std
  }

  /// `(x − mean) / std`, elementwise.
  public func normalize(_ observation: [Float]) -> [Float] {
    observation.indices.map { (observation[$0] - mean[$0]) / std[$0] }
  }
}
