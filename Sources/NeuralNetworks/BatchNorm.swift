public import TensorEngine

/// Batch normalisation over all axes but the last (Ioffe & Szegedy 2015; PyTorch's `BatchNorm1d` on
/// `(N, C)` or `(N, L, C)` channels-last), with `<name>.weight` (γ = 1) and `<name>.bias` (β = 0).
///
/// Training: normalise with the batch statistics and update the running ones,
/// `running ← (1 − momentum)·running + momentum·batch` (unbiased batch variance, as PyTorch).
/// Evaluation: normalise with the running statistics. The running statistics are not parameters (no
/// gradient, no weight decay): they live in `BatchNormStatistics`, owned by the caller
/// (`<name>.running_mean` / `<name>.running_var` in a checkpoint).
public struct BatchNorm: Sendable {
  /// The parameter prefix.
  public let name: String
  /// Features C (the last axis).
  public let width: Int
  /// ε added to the variance (PyTorch's default 1e-5).
  public let epsilon: Float
  /// The running-average weight of a new batch (PyTorch's default 0.1).
  public let momentum: Float

  /// Describes a layer.
  public init(_ name: String, width: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
    self.name = name
    self.width = width
    self.epsilon = epsilon
    self.momentum = momentum
  }

  /// Registers γ = 1, β = 0.
  public func register(in store: inout ParameterStore) {
    store["\(name).weight"] = Tensor(repeating: 1, shape: [width])
    store["\(name).bias"] = Tensor(repeating: 0, shape: [width])
  }

  /// Fresh running statistics (mean 0, variance 1).
  public func initialStatistics() -> BatchNormStatistics {
    BatchNormStatistics(mean: Array(repeating: 0, count: width), variance: Array(repeating: 1, count: width))
  }

  /// Normalises `(..., width)`.
  /// - Parameters:
  ///   - training: batch statistics (and an update of `statistics`), or the running ones.
  ///   - statistics: the running statistics.
  public func callAsFunction(
    _ x: Variable, _ p: ParameterBinding, statistics: inout BatchNormStatistics, training: Bool
  ) -> Variable {
    precondition(statistics.mean.count == width && statistics.variance.count == width, "statistics of width \(width) needed")
    let (gamma, beta) = (p["\(name).weight"], p["\(name).bias"])
    guard training else {
      return x.batchNorm(
        gamma: gamma, beta: beta, runningMean: statistics.mean, runningVariance: statistics.variance, epsilon: epsilon)
    }
    let (output, mean, variance) = x.batchNorm(gamma: gamma, beta: beta, epsilon: epsilon)
    for c in 0..<width {
      statistics.mean[c] = (1 - momentum) * statistics.mean[c] + momentum * mean[c]
      statistics.variance[c] = (1 - momentum) * statistics.variance[c] + momentum * variance[c]
    }
    return output
  }
}

/// A batch-norm layer's running mean and variance, one value per feature.
public struct BatchNormStatistics: Sendable, Equatable, Codable {
  /// The running mean.
  public var mean: [Float]
  /// The running (unbiased) variance.
  public var variance: [Float]

  /// Creates statistics.
  public init(mean: [Float], variance: [Float]) {
    self.mean = mean
    self.variance = variance
  }
}
