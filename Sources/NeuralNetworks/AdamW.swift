import Foundation
public import TensorEngine

/// AdamW (Loshchilov & Hutter 2019), decoupled weight decay, in PyTorch's operation order:
/// `p ← p·(1 − lr·λ)`; `m ← β1·m + (1 − β1)·g`; `v ← β2·v + (1 − β2)·g²`;
/// `p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)`.
public struct AdamW: Sendable, Equatable {
  /// Hyperparameters.
  public struct Configuration: Sendable, Equatable, Codable {
    /// The learning rate (before any schedule).
    public var learningRate: Float = 1e-4
    /// β1 and β2.
    public var beta1: Float = 0.9, beta2: Float = 0.999
    /// ε in the denominator.
    public var epsilon: Float = 1e-8
    /// Decoupled weight decay λ.
    public var weightDecay: Float = 1e-4

    /// The defaults of the kzl Decision Transformer (lr 1e-4, weight decay 1e-4).
    public init() {}
  }

  /// The hyperparameters.
  public var configuration: Configuration
  /// Steps taken.
  public private(set) var step = 0
  /// First moments by parameter name.
  public private(set) var firstMoments: [String: [Float]] = [:]
  /// Second moments by parameter name.
  public private(set) var secondMoments: [String: [Float]] = [:]

  /// Creates an optimiser.
  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  /// Applies one update to every parameter that has a gradient.
  /// - Parameters:
  ///   - parameters: the store to update.
  ///   - gradients: gradients by name.
  ///   - learningRate: the scheduled learning rate for this step (defaults to the configuration's).
  public mutating func update(_ parameters: inout ParameterStore, gradients: [String: Tensor], learningRate: Float? = nil) {
    step += 1
    let c = configuration
    let lr = learningRate ?? c.learningRate
    let correction1 = 1 - pow(c.beta1, Float(step))
    let correction2Root = (1 - pow(c.beta2, Float(step))).squareRoot()
    let stepSize = lr / correction1
    for name in parameters.names {
      guard var p = parameters[name], let g = gradients[name] else { continue }
      var m = firstMoments[name] ?? Array(repeating: 0, count: p.count)
      var v = secondMoments[name] ?? Array(repeating: 0, count: p.count)
      for i in 0..<p.count {
        p.scalars[i] *= 1 - lr * c.weightDecay
        m[i] += (g.scalars[i] - m[i]) * (1 - c.beta1)
        v[i] = v[i] * c.beta2 + (1 - c.beta2) * g.scalars[i] * g.scalars[i]
        let denominator = v[i].squareRoot() / correction2Root + c.epsilon
        p.scalars[i] -= stepSize * m[i] / denominator
      }
      parameters[name] = p
      firstMoments[name] = m
      secondMoments[name] = v
    }
  }
}
