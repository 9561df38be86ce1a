import CKernels
import Foundation
public import TensorEngine

/// Encodings of real values into spike-like trains over a time window, with their gradients.
extension Variable {
  /// SpikingMindRL's deterministic soft rate code (MODELS.md §3.1): with `p = clamp(x, 0, 1)`,
  /// `enc_t = σ(s·(p·T − t))` for `t = 0..T−1` — "on" for about the first `p·T` steps; real values in (0, 1).
  ///
  /// Backward: `dx = Σ_t g_t·s·T·σ'(·)` where `0 ≤ x ≤ 1` (PyTorch's clamp passes the gradient at the
  /// bounds), else 0.
  /// - Parameters:
  ///   - steps: T.
  ///   - sharpness: s (10 in SpikingMindRL).
  /// - Returns: `[T, ...]`.
  public func rateEncoded(steps: Int, sharpness: Float = 10) -> Variable {
    precondition(steps > 0, "the time window needs at least one step")
    let x = value
    let count = x.count
    var derivative = [Float](repeating: 0, count: steps * count)
    let output = Tensor.uninitialized(shape: [steps] + x.shape) { y, _ in
      x.withElements { input in
        derivative.withUnsafeMutableBufferPointer { smr_rate_code(input, count, steps, sharpness, y, $0.baseAddress) }
      }
    }
    return tape.operation(output, inputs: [self]) { [derivative] g in
      var dx = Tensor(repeating: 0, shape: x.shape)
      for t in 0..<steps { for i in 0..<count { dx.scalars[i] += g.scalars[t * count + i] * derivative[t * count + i] } }
      return [dx]
    }
  }

  /// SpikingMindRL's phase-coded positional gating (MODELS.md §3.7): the spikes of head `k` at SNN step `t`
  /// pass when `sin(ω_k·t + φ_k) > 0`. Forward is the hard gate; the backward uses the surrogate
  /// `∂gate/∂θ = s·σ'(s·sin(ω_k·t + φ_k))·cos(ω_k·t + φ_k)·(t for ω, 1 for φ)` (the seed trains with a
  /// sigmoid gate and evaluates with the hard one; a surrogate keeps training and evaluation one model).
  /// - Parameters:
  ///   - omega: ω `(H,)`; phi: φ `(H,)`.
  ///   - heads: H, dividing the last axis.
  ///   - sharpness: s of the surrogate (default 10).
  /// - Returns: `self` `[T, ..., D]` with head-wise gates applied.
  public func phaseGated(omega: Variable, phi: Variable, heads: Int, sharpness: Float = 10) -> Variable {
    let x = value
    let (w, f) = (omega.value, phi.value)
    precondition(w.shape == [heads] && f.shape == [heads], "ω and φ need shape [\(heads)]")
    let steps = x.shape[0]
    let width = x.shape.last ?? 1
    precondition(width % heads == 0, "D = \(width) must divide into \(heads) heads")
    let perStep = x.count / steps
    let headWidth = width / heads
    var gates = [Float](repeating: 0, count: steps * heads)
    var slopes = [Float](repeating: 0, count: steps * heads)  // ∂gate/∂(phase)
    for t in 0..<steps {
      for k in 0..<heads {
        let phase = w.scalars[k] * Float(t) + f.scalars[k]
        let wave = Foundation.sin(phase)
        let s = 1 / (1 + Foundation.exp(-sharpness * wave))
        gates[t * heads + k] = wave > 0 ? 1 : 0
        slopes[t * heads + k] = sharpness * s * (1 - s) * Foundation.cos(phase)
      }
    }
    let output = Tensor.uninitialized(shape: x.shape) { y, _ in
      for i in 0..<x.count { y[i] = x.scalars[i] * gates[(i / perStep) * heads + (i % width) / headWidth] }
    }
    return tape.operation(output, inputs: [self, omega, phi]) { [gates, slopes] g in
      var dx = g
      var (dw, df) = (Tensor(repeating: 0, shape: [heads]), Tensor(repeating: 0, shape: [heads]))
      for i in 0..<x.count {
        let (t, k) = (i / perStep, (i % width) / headWidth)
        dx.scalars[i] = g.scalars[i] * gates[t * heads + k]
        let contribution = g.scalars[i] * x.scalars[i] * slopes[t * heads + k]
        dw.scalars[k] += contribution * Float(t)
        df.scalars[k] += contribution
      }
      return [dx, dw, df]
    }
  }
}
