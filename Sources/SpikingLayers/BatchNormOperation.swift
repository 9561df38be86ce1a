import CKernels
public import TensorEngine

/// Batch normalisation of `[..., C]` tensors over every position but the channel (a `[T, B, L, D]` tensor:
/// per channel over (T, B, L), as DSFormer's `BatchNorm2d` on `(T, D, L, B)`), as fused kernels.
extension Variable {
  /// Training form: `y = γ·(x − μ)/√(σ² + ε) + β` with the mean and population variance of the rows whose
  /// `rowMask` is non-zero (every row when nil — DSFormer includes padded tokens). Every row is normalised.
  ///
  /// Backward (sums over every row, `n` counted rows, `x̂ = (x − μ)·r`, `r = 1/√(σ² + ε)`):
  /// `dx = γ·r·(g − [counted]·(Σg + x̂·Σ g·x̂)/n)`, `dγ = Σ g·x̂`, `dβ = Σ g`.
  /// - Parameters:
  ///   - gamma: `(C,)`; beta: `(C,)`.
  ///   - epsilon: PyTorch's default 1e-5.
  ///   - rowMask: one value per row (`count / C` of them), or nil.
  /// - Returns: the output and the batch statistics (for the running averages).
  public func batchNormalized(
    gamma: Variable, beta: Variable, epsilon: Float = 1e-5, rowMask: [Float]? = nil
  ) -> (output: Variable, statistics: BatchStatistics) {
    let x = value
    let width = max(x.shape.last ?? 1, 1)
    let rows = x.count / width
    precondition(gamma.shape == [width] && beta.shape == [width], "batch norm parameters must have shape [\(width)]")
    let (mean, variance, rstd, counted) = Self.columnStatistics(x, rows: rows, width: width, rowMask: rowMask, epsilon: epsilon)
    let (g, b) = (gamma.value, beta.value)
    let output = Tensor.uninitialized(shape: x.shape) { y, _ in
      x.withElements { px in g.withElements { pg in b.withElements { pb in
        smr_batch_norm_forward(px, rows, width, mean, rstd, pg, pb, y)
      } } }
    }
    let result = tape.operation(output, inputs: [self, gamma, beta]) { [mean] gradient in
      var dGamma = Tensor(repeating: 0, shape: [width])
      var dBeta = Tensor(repeating: 0, shape: [width])
      let dx = Tensor.uninitialized(shape: x.shape) { dx, _ in
        gradient.withElements { pgrad in x.withElements { px in g.withElements { pg in
          dGamma.withMutableElements { dg in dBeta.withMutableElements { db in
            (rowMask ?? []).withElements { pm in
              smr_batch_norm_backward(pgrad, px, rows, width, rowMask == nil ? nil : pm, counted, mean, rstd, pg, dx, dg, db)
            }
          } }
        } } }
      }
      return [dx, dGamma, dBeta]
    }
    return (result, BatchStatistics(count: counted, mean: mean, variance: variance))
  }

  /// The batch statistics of `x (rows, width)` per column over the rows whose `rowMask` is non-zero (all when nil):
  /// mean, population variance, `1/√(σ² + ε)` and the number of rows counted.
  /// - Precondition: `rowMask` is nil or has `rows` values.
  static func columnStatistics(
    _ x: Tensor, rows: Int, width: Int, rowMask: [Float]?, epsilon: Float
  ) -> (mean: [Float], variance: [Float], rstd: [Float], counted: Int) {
    precondition(rowMask == nil || rowMask?.count == rows, "the row mask needs \(rows) values")
    var mean = [Float](repeating: 0, count: width)
    var variance = [Float](repeating: 0, count: width)
    let counted = x.withElements { px in (rowMask ?? []).withElements { pm in
      smr_column_statistics(px, rows, width, rowMask == nil ? nil : pm, &mean, &variance)
    } }
    return (mean, variance, variance.map { 1 / ($0 + epsilon).squareRoot() }, counted)
  }

  /// Evaluation form with running statistics: `y = (x − μ)·r·γ + β`, `r = 1/√(σ² + ε)`.
  /// Backward: `dx = g·γ·r`, `dγ = Σ g·(x − μ)·r`, `dβ = Σ g`.
  public func batchNormalized(
    gamma: Variable, beta: Variable, runningMean: [Float], runningVariance: [Float], epsilon: Float = 1e-5
  ) -> Variable {
    let x = value
    let width = max(x.shape.last ?? 1, 1)
    let rows = x.count / width
    precondition(runningMean.count == width && runningVariance.count == width, "running statistics need \(width) values")
    let rstd = runningVariance.map { 1 / ($0 + epsilon).squareRoot() }
    let (g, b) = (gamma.value, beta.value)
    let output = Tensor.uninitialized(shape: x.shape) { y, _ in
      x.withElements { px in g.withElements { pg in b.withElements { pb in
        smr_batch_norm_forward(px, rows, width, runningMean, rstd, pg, pb, y)
      } } }
    }
    return tape.operation(output, inputs: [self, gamma, beta]) { gradient in
      let scale = zip(g.scalars, rstd).map { $0 * $1 }
      var normalized = x
      normalized.withMutableElements { pn in
        let shift = zip(runningMean, rstd).map { -$0 * $1 }
        smr_scale_shift_columns(pn, rows, width, rstd, shift, pn)
      }
      var dGamma = Tensor(repeating: 0, shape: [width])
      var dBeta = Tensor(repeating: 0, shape: [width])
      let dx = Tensor.uninitialized(shape: x.shape) { dx, _ in
        gradient.withElements { pgrad in normalized.withElements { pn in
          dGamma.withMutableElements { dg in dBeta.withMutableElements { db in
            smr_scale_shift_columns_backward(pgrad, pn, rows, width, scale, dx, dg, db)
          } }
        } }
      }
      return [dx, dGamma, dBeta]
    }
  }

  /// `λ·self + (1 − λ)·other` (PTBN's mixture of its LN and BN branches). Backward: `(λ·g, (1 − λ)·g)`.
  public func mixed(with other: Variable, lambda: Float) -> Variable {
    let (a, b) = (value, other.value)
    precondition(a.shape == b.shape, "mixing needs equal shapes, got \(a.shape) and \(b.shape)")
    let output = Tensor.uninitialized(shape: a.shape) { y, count in
      a.withElements { pa in b.withElements { pb in smr_mix(pa, pb, lambda, count, y) } }
    }
    return tape.operation(output, inputs: [self, other]) { g in
      [Tensor.uninitialized(shape: g.shape) { y, count in g.withElements { smr_scale($0, lambda, count, y) } },
       Tensor.uninitialized(shape: g.shape) { y, count in g.withElements { smr_scale($0, 1 - lambda, count, y) } }]
    }
  }
}
