import CKernels
import Foundation
public import TensorEngine

/// Errors of training utilities.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The global gradient norm is NaN or infinite (PyTorch's `error_if_nonfinite`); `parameter` is the first
  /// parameter (in name order) with a non-finite gradient element.
  case nonFiniteGradientNorm(Float, parameter: String)
  /// The loss is NaN or infinite.
  case nonFiniteLoss(Float)
  /// Distributed training could not exchange the shards' gradients (the transport's message).
  case exchange(String)

  /// One line.
  public var description: String {
    switch self {
    case .nonFiniteGradientNorm(let norm, let parameter):
      "the global gradient norm is \(norm) (first non-finite gradient: \(parameter)); refusing to clip or step"
    case .nonFiniteLoss(let loss): "the loss is \(loss); refusing to step"
    case .exchange(let message): "distributed training: \(message)"
    }
  }
}

/// Global-norm gradient clipping (`torch.nn.utils.clip_grad_norm_`).
public enum GradientClipping {
  /// Scales all gradients by `min(1, maxNorm / (norm + 1e-6))`, `norm` the L2 norm of all of them.
  /// - Parameters:
  ///   - gradients: gradients by name, scaled in place.
  ///   - maxNorm: the largest allowed norm.
  /// - Returns: the norm before clipping.
  /// - Throws: `TrainingError.nonFiniteGradientNorm` naming the first bad parameter (gradients untouched).
  @discardableResult
  public static func clip(_ gradients: inout [String: Tensor], maxNorm: Float) throws(TrainingError) -> Float {
    var squares: Double = 0
    // In name order: a dictionary's own order differs from process to process, and so would the sum's rounding.
    for name in gradients.keys.sorted() {
      guard let gradient = gradients[name] else { continue }
      squares += gradient.scalars.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { smr_sum_squares($0, buffer.count) } ?? 0
      }
    }
    let norm = Float(squares.squareRoot())
    guard norm.isFinite else {
      let first = gradients.keys.sorted().first { name in gradients[name]?.scalars.contains { !$0.isFinite } ?? false }
      throw .nonFiniteGradientNorm(norm, parameter: first ?? "?")
    }
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
      for name in gradients.keys {
        gradients[name]?.scalars.withUnsafeMutableBufferPointer { buffer in
          if let base = buffer.baseAddress { smr_scale(base, coefficient, buffer.count, base) }
        }
      }
    }
    return norm
  }
}

/// Learning-rate schedules as multipliers of the base rate.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
  /// `min((step + 1) / warmup, 1)` (kzl DT's LambdaLR).
  case linearWarmup(steps: Int)
  /// Linear warmup, then cosine decay to `minimumFactor` at `totalSteps`.
  case warmupCosine(warmup: Int, totalSteps: Int, minimumFactor: Float)

  /// The multiplier at a 0-based step.
  public func factor(step: Int) -> Float {
    switch self {
    case .linearWarmup(let warmup):
      return min(Float(step + 1) / Float(max(warmup, 1)), 1)
    case .warmupCosine(let warmup, let total, let minimum):
      if step < warmup { return Float(step + 1) / Float(max(warmup, 1)) }
      let progress = min(Float(step - warmup) / Float(max(total - warmup, 1)), 1)
      return minimum + (1 - minimum) * 0.5 * (1 + cos(Float.pi * progress))
    }
  }
}
