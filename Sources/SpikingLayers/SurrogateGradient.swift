import CKernels
import Foundation

/// The derivative a spiking neuron's backward uses in place of the Heaviside step's (zero almost
/// everywhere): `∂s/∂y` at `y = membrane − threshold` (Neftci, Mostafa & Zenke 2019).
public enum SurrogateGradient: Sendable, Equatable, Hashable, Codable {
  /// Rectangular window: `1/(2·halfWidth)` where `|y| < halfWidth`, else 0 (DSFormer: half-width 0.5,
  /// i.e. 1 on `0 < u < 1` around the threshold 0.5).
  case box(halfWidth: Float)
  /// SuperSpike (Zenke & Ganguli 2018): `1/(α·|y| + 1)²`. Norse's `method="super"`.
  case superSpike(alpha: Float)
  /// Norse 1.0/1.1's SuperSpike backward, which ignores its α: `1/(|y| + 1)²` (α reinstated after 1.1.0).
  case superSpikeIgnoringAlpha
  /// SpikingJelly's `Sigmoid`: `α·σ(α·y)·(1 − σ(α·y))` (α = 4 in spikingjelly 0.0.0.0.12).
  case sigmoid(alpha: Float)
  /// SpikingJelly's `ATan`: `(α/2) / (1 + (π/2·α·y)²)` (α = 2 by default there).
  case atan(alpha: Float)

  /// The kernel's code and parameter.
  var kernel: (kind: Int32, parameter: Float) {
    switch self {
    case .box(let halfWidth): (Int32(SMR_SURROGATE_BOX), halfWidth)
    case .superSpike(let alpha): (Int32(SMR_SURROGATE_SUPERSPIKE), alpha)
    case .superSpikeIgnoringAlpha: (Int32(SMR_SURROGATE_SUPERSPIKE), 1)
    case .sigmoid(let alpha): (Int32(SMR_SURROGATE_SIGMOID), alpha)
    case .atan(let alpha): (Int32(SMR_SURROGATE_ATAN), alpha)
    }
  }

  /// `∂s/∂y` at `y` (the same kernel the fused neurons use).
  /// - Parameter y: membrane minus threshold.
  public func derivative(at y: Float) -> Float {
    var input = y
    var output: Float = 0
    let (kind, parameter) = kernel
    smr_surrogate_derivative(&input, 1, kind, parameter, &output)
    return output
  }

  /// Checks the parameter.
  /// - Throws: `SpikingLayersError.invalidParameter` for a non-positive or non-finite width or α.
  public func validate() throws(SpikingLayersError) {
    let (_, parameter) = kernel
    guard parameter.isFinite, parameter > 0 else {
      throw .invalidParameter(name: "surrogate", value: Double(parameter), reason: "must be positive and finite")
    }
  }
}
