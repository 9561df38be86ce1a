/// Normalises observations with running Float32 statistics (Gymnasium's `NormalizeObservation`).
///
/// Statistics start at `mean = 0`, `var = 1` (Float32) and `count = 1e-4` (Float64). Each
/// observation, while `updatesStatistics` is true, updates them with Gymnasium's parallel-variance
/// formula for a batch of one, in Float32 as NumPy 2 computes it:
/// `delta = x - mean; total = count + 1; mean += delta / total;
/// var = (var * count + delta² * count / total) / total; count = total`.
/// The returned observation is `(x - mean) / sqrt(var + 1e-8)` in Float32. The observation space
/// becomes unbounded.
public struct NormalizeObservation: EnvironmentWrapper {
  /// The wrapped environment.
  public var inner: any Environment
  /// Whether observations update the statistics (set false to freeze them for evaluation).
  public var updatesStatistics = true
  /// The running mean (Float32).
  public private(set) var mean: [Float]
  /// The running variance (Float32).
  public private(set) var variance: [Float]
  /// The running count (Float64, starts at 1e-4).
  public private(set) var count = 1e-4
  /// The stabiliser added to the variance.
  public let epsilon: Float

  /// Wraps an environment.
  /// - Parameters:
  ///   - inner: the environment whose observations to normalise.
  ///   - epsilon: added to the variance before the square root (Gymnasium: 1e-8).
  public init(_ inner: any Environment, epsilon: Float = 1e-8) {
    self.inner = inner
    self.epsilon = epsilon
    mean = Array(repeating: 0, count: inner.observationSpace.count)
    variance = Array(repeating: 1, count: inner.observationSpace.count)
  }

  /// An unbounded box of the inner shape.
  public var observationSpace: Box {
    Box(low: -.infinity, high: .infinity, shape: inner.observationSpace.shape)
  }

  /// Resets the inner environment and normalises the first observation.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    var result = try inner.reset(seed: seed, options: options)
    result.observation = normalize(result.observation)
    return result
  }

  /// Steps the inner environment and normalises the observation.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    var result = try inner.step(action)
    result.observation = normalize(result.observation)
    return result
  }

  private mutating func normalize(_ observation: [Float]) -> [Float] {
    if updatesStatistics { update(observation) }
    return observation.indices.map { index in
      (observation[index] - mean[index]) / (variance[index] + epsilon).squareRoot()
    }
  }

  private mutating func update(_ observation: [Float]) {
    let total = count + 1
    let count32 = Float(count)
    let total32 = Float(total)
    for index in observation.indices {
      let delta = observation[index] - mean[index]
      mean[index] = mean[index] + delta / total32
      let m2 = variance[index] * count32 + 0 + delta * delta * count32 / total32
      variance[index] = m2 / total32
    }
    count = total
  }
}
