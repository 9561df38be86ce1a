import CKernels
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

  /// Restores an optimiser saved after `step` updates (checkpoints).
  /// - Parameters:
  ///   - firstMoments: m by parameter name; secondMoments: v by name (the same names and lengths).
  public init(configuration: Configuration, step: Int, firstMoments: [String: [Float]], secondMoments: [String: [Float]]) {
    self.configuration = configuration
    self.step = step
    self.firstMoments = firstMoments
    self.secondMoments = secondMoments
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
    let decay = 1 - lr * c.weightDecay
    for name in parameters.names {
      guard let g = gradients[name], var m = firstMoments.removeValue(forKey: name) ?? parameters[name].map({
        [Float](repeating: 0, count: $0.count)
      }) else { continue }
      var v = secondMoments.removeValue(forKey: name) ?? [Float](repeating: 0, count: m.count)
      parameters.modify(name) { p in
        precondition(p.count == g.count && p.count == m.count, "gradient of \(name) has shape \(g.shape), parameter \(p.shape)")
        p.scalars.withUnsafeMutableBufferPointer { pp in
          m.withUnsafeMutableBufferPointer { pm in
            v.withUnsafeMutableBufferPointer { pv in
              g.scalars.withUnsafeBufferPointer { pg in
                guard let p0 = pp.baseAddress, let m0 = pm.baseAddress, let v0 = pv.baseAddress, let g0 = pg.baseAddress
                else { return }
                smr_adamw(p0, m0, v0, g0, pp.count, decay, c.beta1, c.beta2, stepSize, correction2Root, c.epsilon)
              }
            }
          }
        }
      }
      firstMoments[name] = m
      secondMoments[name] = v
    }
  }
}
