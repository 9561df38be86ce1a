import CKernels
public import TensorEngine

/// PTBN's training form as one fused operation (Decision SpikeFormer, MODELS.md §1.5).
extension Variable {
  /// `y = λ·LN(x; γ₁, β₁) + (1 − λ)·BN(x; γ₂, β₂)` on `[..., C]`, the mixture carried by the weights
  /// (`(λγ₁)·x̂₁ + λβ₁ + ((1 − λ)γ₂)·x̂₂ + (1 − λ)β₂`), with LN over each row and BN's batch statistics per
  /// column over the rows whose `rowMask` is non-zero (every row when nil).
  ///
  /// Equals `x.layerNorm(γ₁·λ, β₁·λ) + x.batchNormalized(γ₂·(1 − λ), β₂·(1 − λ))` bit for bit, forward and
  /// backward (`dx = dx_LN + dx_BN`; `dγ₁ = λ·Σ g·x̂₁`, `dβ₁ = λ·Σ g`, `dγ₂ = (1 − λ)·Σ g·x̂₂`,
  /// `dβ₂ = (1 − λ)·Σ g`), in two passes over `(g, x)` instead of the five of the composed form.
  /// - Parameters:
  ///   - layerGamma: γ₁ `(C,)`; layerBeta: β₁ `(C,)`; batchGamma: γ₂ `(C,)`; batchBeta: β₂ `(C,)`.
  ///   - lambda: the mixture weight λ.
  ///   - epsilon: both branches' ε (PyTorch's 1e-5).
  ///   - rowMask: one value per row, or nil.
  /// - Returns: the output and the batch statistics (for the running averages).
  public func partialBatchNormalized(
    layerGamma: Variable, layerBeta: Variable, batchGamma: Variable, batchBeta: Variable, lambda: Float,
    epsilon: Float = 1e-5, rowMask: [Float]? = nil
  ) -> (output: Variable, statistics: BatchStatistics) {
    let x = value
    let width = max(x.shape.last ?? 1, 1)
    let rows = x.count / width
    for p in [layerGamma, layerBeta, batchGamma, batchBeta] {
      precondition(p.shape == [width], "PTBN parameters must have shape [\(width)], got \(p.shape)")
    }
    let (mean, variance, rstd, counted) = Self.columnStatistics(x, rows: rows, width: width, rowMask: rowMask, epsilon: epsilon)
    let (g1, b1) = (layerGamma.value.mapped { $0 * lambda }, layerBeta.value.mapped { $0 * lambda })
    let (g2, b2) = (batchGamma.value.mapped { $0 * (1 - lambda) }, batchBeta.value.mapped { $0 * (1 - lambda) })
    var rowMean = [Float](repeating: 0, count: rows)
    var rowRstd = [Float](repeating: 0, count: rows)
    let output = Tensor.uninitialized(shape: x.shape) { y, _ in
      x.withElements { px in g1.withElements { pg1 in b1.withElements { pb1 in g2.withElements { pg2 in
        b2.withElements { pb2 in
          smr_ptbn_forward(px, rows, width, pg1, pb1, epsilon, mean, rstd, pg2, pb2, y, &rowMean, &rowRstd)
        }
      } } } }
    }
    let result = tape.operation(output, inputs: [self, layerGamma, layerBeta, batchGamma, batchBeta]) {
      [mean, rowMean, rowRstd] gradient in
      var (dGamma1, dBeta1) = (Tensor(repeating: 0, shape: [width]), Tensor(repeating: 0, shape: [width]))
      var (dGamma2, dBeta2) = (Tensor(repeating: 0, shape: [width]), Tensor(repeating: 0, shape: [width]))
      let dx = Tensor.uninitialized(shape: x.shape) { dx, _ in
        gradient.withElements { pgrad in x.withElements { px in g1.withElements { pg1 in g2.withElements { pg2 in
          dGamma1.withMutableElements { dg1 in dBeta1.withMutableElements { db1 in
            dGamma2.withMutableElements { dg2 in dBeta2.withMutableElements { db2 in
              (rowMask ?? []).withElements { pm in
                smr_ptbn_backward(
                  pgrad, px, rows, width, rowMean, rowRstd, pg1, rowMask == nil ? nil : pm, counted, mean, rstd, pg2,
                  dx, dg1, db1, dg2, db2)
              }
            } }
          } }
        } } } }
      }
      return [dx, dGamma1.mapped { $0 * lambda }, dBeta1.mapped { $0 * lambda },
              dGamma2.mapped { $0 * (1 - lambda) }, dBeta2.mapped { $0 * (1 - lambda) }]
    }
    return (result, BatchStatistics(count: counted, mean: mean, variance: variance))
  }
}
