/// Per-dimension mean and variance of a stream of vectors (Welford; Chan et al.'s merge), Float64.
///
/// ARS normalises observations with the statistics of every state visited during training (Mania et al. 2018).
public struct RunningStatistics: Sendable, Codable, Equatable {
  /// The number of vectors seen.
  public private(set) var count: Double
  /// The running mean.
  public private(set) var mean: [Double]
  /// The running sum of squared deviations (`M2`).
  public private(set) var squares: [Double]

  /// Empty statistics of `dimension`-vectors.
  public init(dimension: Int) {
    (count, mean, squares) = (0, Array(repeating: 0, count: dimension), Array(repeating: 0, count: dimension))
  }

  /// Adds one vector.
  public mutating func add(_ x: [Float]) {
    count += 1
    for i in mean.indices {
      let delta = Double(x[i]) - mean[i]
      mean[i] += delta / count
      squares[i] += delta * (Double(x[i]) - mean[i])
    }
  }

  /// Merges another stream's statistics (order matters only in the last bits; callers merge in a fixed order).
  public mutating func merge(_ other: RunningStatistics) {
    guard other.count > 0 else { return }
    let total = count + other.count
    for i in mean.indices {
      let delta = other.mean[i] - mean[i]
      squares[i] += other.squares[i] + delta * delta * count * other.count / total
      mean[i] += delta * other.count / total
    }
    count = total
  }

  /// The standard deviation per dimension (1 where fewer than two vectors or a variance below 1e-8, as ARS).
  public var standardDeviation: [Double] {
    squares.map { count > 1 && $0 / (count - 1) > 1e-8 ? ($0 / (count - 1)).squareRoot() : 1 }
  }
}
