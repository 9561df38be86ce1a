import CKernels

/// Layer normalisation over the last axis as one fused operation (Ba, Kiros & Hinton 2016).
extension Variable {
  /// `y = γ ⊙ (x − μ)/√(σ² + ε) + β`, with μ and σ² (population variance) over the last axis.
  ///
  /// Backward per row, with `x̂` the normalised input and `d = g ⊙ γ`:
  /// `dx = (d − mean(d) − x̂ ⊙ mean(d ⊙ x̂)) / √(σ² + ε)`, `dγ = Σ_rows g ⊙ x̂`, `dβ = Σ_rows g`.
  /// Saves only μ and 1/√(σ² + ε) per row; `x̂` is recomputed in the backward.
  /// - Parameters:
  ///   - gamma: the scale, shape `(D,)`.
  ///   - beta: the shift, shape `(D,)`.
  ///   - epsilon: added to the variance (PyTorch's default 1e-5).
  public func layerNorm(gamma: Variable, beta: Variable, epsilon: Float = 1e-5) -> Variable {
    let x = value
    let width = max(x.shape.last ?? 1, 1)
    precondition(gamma.shape == [width] && beta.shape == [width], "layer norm parameters must have shape [\(width)]")
    let rows = x.count / width
    let (g, b) = (gamma.value, beta.value)
    var mean = [Float](repeating: 0, count: rows)
    var inverse = [Float](repeating: 0, count: rows)
    let output = Tensor.uninitialized(shape: x.shape) { y, _ in
      x.withElements { px in
        g.withElements { pg in
          b.withElements { pb in
            smr_layer_norm_forward(px, pg, pb, epsilon, rows, width, y, &mean, &inverse)
          }
        }
      }
    }
    return tape.record(output, parents: [self, gamma, beta]) { [mean, inverse] gradient in
      var dGamma = Tensor(repeating: 0, shape: [width])
      var dBeta = Tensor(repeating: 0, shape: [width])
      let dx = Tensor.uninitialized(shape: x.shape) { dx, _ in
        gradient.withElements { pgrad in
          x.withElements { px in
            g.withElements { pg in
              dGamma.withMutableElements { dg in
                dBeta.withMutableElements { db in
                  smr_layer_norm_backward(pgrad, px, pg, mean, inverse, rows, width, dx, dg, db)
                }
              }
            }
          }
        }
      }
      return [dx, dGamma, dBeta]
    }
  }
}
