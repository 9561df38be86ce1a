import CKernels
import Foundation

/// Elementwise nonlinearities, each with its derivative.
extension Variable {
  /// `exp(x)`. Backward: `g·exp(x)`.
  public func exp() -> Variable {
    let y = value.mapped { Foundation.exp($0) }
    return tape.record(y, parents: [self]) { g in [g.zipped(y, *)] }
  }

  /// `log(x)`. Backward: `g/x`.
  public func log() -> Variable {
    let x = value
    return tape.record(x.mapped { Foundation.log($0) }, parents: [self]) { g in [g.zipped(x, /)] }
  }

  /// `tanh(x)`. Backward: `g·(1 − tanh²x)`.
  public func tanh() -> Variable {
    let y = value.mapped { Foundation.tanh($0) }
    return tape.record(y, parents: [self]) { g in [g.zipped(y) { $0 * (1 - $1 * $1) }] }
  }

  /// `σ(x) = 1/(1 + e^−x)`. Backward: `g·σ(1 − σ)`.
  public func sigmoid() -> Variable {
    let y = value.mapped { 1 / (1 + Foundation.exp(-$0)) }
    return tape.record(y, parents: [self]) { g in [g.zipped(y) { $0 * $1 * (1 - $1) }] }
  }

  /// `max(x, 0)`. Backward: `g` where `x > 0`, else 0.
  public func relu() -> Variable {
    let x = value
    let y = Tensor.uninitialized(shape: x.shape) { y, count in x.withElements { smr_relu_forward($0, count, y) } }
    return tape.record(y, parents: [self]) { g in
      [Tensor.uninitialized(shape: x.shape) { dx, count in
        g.withElements { pg in y.withElements { smr_relu_backward(pg, $0, count, dx) } }
      }]
    }
  }

  /// GELU, tanh approximation (GPT-2's `gelu_new`):
  /// `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
  public func gelu() -> Variable {
    let x = value
    let c = Float((2 / Double.pi).squareRoot())
    let y = x.mapped { v in 0.5 * v * (1 + Foundation.tanh(c * (v + 0.044715 * v * v * v))) }
    return tape.record(y, parents: [self]) { g in
      [
        g.zipped(x) { grad, v in
          let t = Foundation.tanh(c * (v + 0.044715 * v * v * v))
          let dt = (1 - t * t) * c * (1 + 3 * 0.044715 * v * v)
          return grad * (0.5 * (1 + t) + 0.5 * v * dt)
        }
      ]
    }
  }
}
