import Foundation
public import TensorEngine

/// The REINFORCE objective of a return-conditioned policy on windows whose last step is the step acted on:
/// `L = (1/N)·Σ_w [ −A_w·log π(a_w | ctx_w) − c·H(π(·|ctx_w)) + β·KL(π_offline(·|ctx_w) ‖ π(·|ctx_w)) ]`.
///
/// Discrete: π = softmax of the last position's logits. Continuous: π = N(μ, σ²) per action component, μ the
/// last position's tanh output (actions in the model's [−1, 1] range), σ = exp(log σ) learnable; the KL term
/// with the offline mean and the same σ is `Σ (μ_off − μ)²/(2σ²)`. Gradients are analytic:
/// discrete `∂/∂z = A·(p − onehot(a)) + c·p·(log p + H) + β·(p − q)`;
/// continuous `∂/∂μ = −A·(a − μ)/σ² + β·(μ − μ_off)/σ²`, `∂/∂log σ = −A·((a − μ)²/σ² − 1) − c − β·(μ_off − μ)²/σ²`.
///
/// With a behaviour log-probability `log π_b(a)` (the acting policy's, for the later optimiser steps of an update)
/// and a clip ε, the policy term becomes PPO's clipped surrogate (Schulman et al. 2017):
/// `−min(r·A, clip(r, 1 − ε, 1 + ε)·A)`, `r = π(a)/π_b(a)`, whose gradient is `r` times the REINFORCE term's
/// where the minimum is the unclipped one and zero where the clip is active.
public struct PolicyGradientLoss: Sendable {
  /// One window's data.
  public struct Sample: Sendable, Equatable {
    /// The action taken: the class index, or the sampled model-range vector.
    public var action: [Float]
    /// The advantage.
    public var advantage: Float
    /// The offline policy's last-position output on the same window (logits or mean), for the anchor.
    public var anchor: [Float]
    /// The acting policy's log-probability of `action` (nil: the plain REINFORCE term, no ratio).
    public var behaviourLogProbability: Float?

    /// Creates a sample.
    public init(action: [Float], advantage: Float, anchor: [Float], behaviourLogProbability: Float? = nil) {
      self.action = action
      self.advantage = advantage
      self.anchor = anchor
      self.behaviourLogProbability = behaviourLogProbability
    }
  }

  /// Discrete or continuous.
  public let discrete: Bool
  /// Entropy coefficient c.
  public let entropy: Float
  /// Anchor coefficient β.
  public let anchorWeight: Float
  /// PPO's clip ε on the ratio to the behaviour policy (samples with a behaviour log-probability only).
  public let clip: Float

  /// Creates the objective.
  public init(discrete: Bool, entropy: Float, anchorWeight: Float, clip: Float = 0.2) {
    self.discrete = discrete
    self.entropy = entropy
    self.anchorWeight = anchorWeight
    self.clip = clip
  }

  /// The diagnostics of one evaluation: mean entropy and mean anchor KL over the windows.
  public struct Diagnostics: Sendable, Equatable {
    /// Sums over the windows (divide by their count).
    public var entropy: Double = 0, kl: Double = 0

    /// Zero sums.
    public init() {}
  }

  /// The loss of `samples` (one per window of `predictions (B, K, A)`), divided by `normalizer`.
  /// - Parameters:
  ///   - logStd: `(A,)` for continuous policies (a parameter), nil for discrete ones.
  ///   - diagnostics: receives entropy and KL sums.
  public func callAsFunction(
    _ predictions: Variable, logStd: Variable?, samples: ArraySlice<Sample>, normalizer: Float, diagnostics: inout Diagnostics
  ) -> Variable {
    let p = predictions.value
    let (b, k, a) = (p.shape[0], p.shape[1], p.shape[2])
    precondition(samples.count == b, "one sample per window")
    let s = logStd?.value.scalars ?? []
    var gradient = [Float](repeating: 0, count: p.count)
    var gradientLogStd = [Float](repeating: 0, count: a)
    var total: Double = 0
    for (w, sample) in samples.enumerated() {
      let offset = (w * k + k - 1) * a
      let z = Array(p.scalars[offset..<(offset + a)])
      let (value, dz, ds, h, kl) = discrete ? discreteTerms(z, sample) : continuousTerms(z, s, sample)
      total += value
      diagnostics.entropy += h
      diagnostics.kl += kl
      for j in 0..<a { gradient[offset + j] = dz[j] / normalizer }
      for j in ds.indices { gradientLogStd[j] += ds[j] / normalizer }
    }
    let inputs = logStd.map { [predictions, $0] } ?? [predictions]
    let shape = p.shape
    // Capture plain values only: a closure holding a Variable would hold its tape, which holds the closure.
    let hasLogStd = logStd != nil
    return predictions.tape.operation(Tensor(Float(total) / normalizer), inputs: inputs) { [gradient, gradientLogStd] g in
      let scale = g.scalar
      var result: [Tensor?] = [Tensor(shape: shape, scalars: gradient.map { $0 * scale })]
      if hasLogStd { result.append(Tensor(shape: [a], scalars: gradientLogStd.map { $0 * scale })) }
      return result
    }
  }

  /// Value, ∂/∂z, ∂/∂log σ (empty), entropy and KL of a categorical policy.
  func discreteTerms(_ z: [Float], _ sample: Sample) -> (Double, [Float], [Float], Double, Double) {
    let logP = Self.logSoftmax(z)
    let probabilities = logP.map { Foundation.exp($0) }
    let taken = Int(sample.action.first ?? 0)
    let entropyValue = -zip(probabilities, logP).reduce(Float(0)) { $0 + $1.0 * $1.1 }
    var kl: Float = 0
    var q = [Float]()
    if anchorWeight != 0, sample.anchor.count == z.count {
      let logQ = Self.logSoftmax(sample.anchor)
      q = logQ.map { Foundation.exp($0) }
      kl = zip(q, zip(logQ, logP)).reduce(Float(0)) { $0 + $1.0 * ($1.1.0 - $1.1.1) }
    }
    let (surrogate, weight) = policyTerm(logP[taken], sample)
    let value = surrogate - entropy * entropyValue + anchorWeight * kl
    var dz = [Float](repeating: 0, count: z.count)
    for j in z.indices {
      dz[j] = weight * (probabilities[j] - (j == taken ? 1 : 0)) + entropy * probabilities[j] * (logP[j] + entropyValue)
      if !q.isEmpty { dz[j] += anchorWeight * (probabilities[j] - q[j]) }
    }
    return (Double(value), dz, [], Double(entropyValue), Double(kl))
  }

  /// Value, ∂/∂μ, ∂/∂log σ, entropy and KL of a diagonal Gaussian policy.
  func continuousTerms(_ mu: [Float], _ logStd: [Float], _ sample: Sample) -> (Double, [Float], [Float], Double, Double) {
    let (surrogate, weight) = policyTerm(Self.gaussianLogProbability(sample.action, mean: mu, logStd: logStd), sample)
    var (value, h, kl) = (Double(surrogate), Double(0), Double(0))
    var (dmu, ds) = ([Float](repeating: 0, count: mu.count), [Float](repeating: 0, count: mu.count))
    for j in mu.indices {
      let s = j < logStd.count ? logStd[j] : 0
      let variance = Foundation.exp(2 * s)
      let difference = sample.action[j] - mu[j]
      let entropyValue = s + Self.halfLog2Pi + 0.5
      let anchor = sample.anchor.count == mu.count ? sample.anchor[j] : mu[j]
      let gap = anchor - mu[j]
      let klValue = anchorWeight != 0 ? gap * gap / (2 * variance) : 0
      value += Double(-entropy * entropyValue + anchorWeight * klValue)
      h += Double(entropyValue)
      kl += Double(klValue)
      dmu[j] = -weight * difference / variance - anchorWeight * gap / variance
      ds[j] = -weight * (difference * difference / variance - 1) - entropy - anchorWeight * gap * gap / variance
    }
    return (value, dmu, ds, h, kl)
  }

  /// The policy term's value and the factor `w` of `−w·∇log π(a)` in its gradient: REINFORCE `(−A·log π, A)`;
  /// with a behaviour log-probability, PPO's clipped surrogate `(−min(r·A, clip(r)·A), r·A or 0)`.
  func policyTerm(_ logProbability: Float, _ sample: Sample) -> (value: Float, weight: Float) {
    let a = sample.advantage
    guard let behaviour = sample.behaviourLogProbability else { return (-a * logProbability, a) }
    let r = Foundation.exp(logProbability - behaviour)
    let clipped = min(max(r, 1 - clip), 1 + clip)
    return r * a <= clipped * a ? (-r * a, r * a) : (-clipped * a, 0)
  }

  /// `log N(a; μ, σ²)` summed over the components.
  static func gaussianLogProbability(_ action: [Float], mean: [Float], logStd: [Float]) -> Float {
    var total: Float = 0
    for j in mean.indices {
      let s = j < logStd.count ? logStd[j] : 0
      let difference = action[j] - mean[j]
      total += -difference * difference / (2 * Foundation.exp(2 * s)) - s - halfLog2Pi
    }
    return total
  }

  /// The log-probability of an action under a policy output.
  /// - Parameters:
  ///   - action: the class index, or the model-range vector.
  ///   - output: the last position's logits (discrete) or mean (continuous).
  ///   - logStd: the Gaussian's log σ per component (continuous).
  /// - Returns: `log softmax(output)[a]`, or `Σ log N(a_j; μ_j, σ_j²)`.
  public static func logProbability(_ action: [Float], output: [Float], discrete: Bool, logStd: [Float]) -> Float {
    if discrete { return logSoftmax(output)[Int(action.first ?? 0)] }
    return gaussianLogProbability(action, mean: output, logStd: logStd)
  }

  static let halfLog2Pi = Float(0.5 * Foundation.log(2 * Double.pi))

  static func logSoftmax(_ z: [Float]) -> [Float] {
    let top = z.max() ?? 0
    let sum = z.reduce(Float(0)) { $0 + Foundation.exp($1 - top) }
    return z.map { $0 - top - Foundation.log(sum) }
  }
}
