import CKernels
public import TensorEngine

/// A fully connected layer on spikes for training, event-driven where the input is zero.
extension Variable {
  /// `y = x·Wᵀ + b` (PyTorch layout, W `(out, in)`) for a sparse input `x (..., in)` — spikes — computed by
  /// visiting only the non-zero inputs: the forward adds `x[k]·Wᵀ[k, :]` per active input (bit-identical to
  /// the dense packed product on AVX-512), the weight gradient adds `x[k]·g` into `dWᵀ[k, :]` per active
  /// input. Exact for any input; fast when most inputs are zero.
  ///
  /// Backward: `dx = g·W` (dense: the gradient is not sparse), `dW = gᵀ·x` (event-driven), `db = Σ g`.
  ///
  /// With `timeSteps` T > 1 the input is `(T, ..., in)`, the T steps of the same tokens: each token's union of
  /// active inputs over its T rows is visited once (`smr_spike_gemm_grouped`, `smr_spike_weight_gradient_grouped`),
  /// which loads every weight row once per token instead of once per spike. The forward is unchanged bit for bit;
  /// the weight gradient adds token by token each token's sum over its T steps (another rounding than T = 1).
  /// - Parameters:
  ///   - weight: `(out, in)`; bias: `(out,)`.
  ///   - timeSteps: the input's leading axis, when it is the time steps of the same tokens (1: rows in order).
  public func spikeLinear(weight: Variable, bias: Variable, timeSteps: Int = 1) -> Variable {
    let (x, w) = (value, weight.value)
    precondition(w.rank == 2 && x.shape.last == w.shape[1] && bias.shape == [w.shape[0]], "spikeLinear: input \(x.shape) does not match weight \(w.shape)")
    let (outputs, inputs) = (w.shape[0], w.shape[1])
    let rows = x.count / max(inputs, 1)
    let groups = timeSteps > 1 && x.shape.first == timeSteps ? timeSteps : 1
    let transposed = w.transposedMatrix()
    let b = bias.value
    var scratch = [Int32](repeating: 0, count: inputs + 16)
    let output = Tensor.uninitialized(shape: Array(x.shape.dropLast()) + [outputs]) { y, _ in
      x.withElements { px in transposed.withElements { pw in b.withElements { pb in
        _ = smr_spike_gemm_grouped(px, inputs, rows, inputs, pw, outputs, pb, y, outputs, Int32(SMR_BIAS), &scratch, groups)
      } } }
    }
    let (needsInput, needsWeight) = (requiresGradient, weight.requiresGradient)
    return tape.operation(output, inputs: [self, weight, bias]) { g in
      let dx = needsInput
        ? Tensor(shape: x.shape, scalars: Tensor.gemm(g, transposeA: false, w, transposeB: false, batch: 1, m: rows, n: inputs, k: outputs).scalars)
        : nil
      var dw: Tensor?
      if needsWeight {
        var dwt = Tensor(repeating: 0, shape: [inputs, outputs])
        var indices = [Int32](repeating: 0, count: inputs + 16)
        g.withElements { pg in x.withElements { px in dwt.withMutableElements { pd in
          _ = smr_spike_weight_gradient_grouped(pg, outputs, px, inputs, rows, inputs, outputs, pd, &indices, groups, Int32(SMR_PATH_BEST))
        } } }
        dw = dwt.transposedMatrix()
      }
      let db = Tensor.zeros(shape: [outputs]) { sums, _ in g.withElements { smr_column_sums($0, rows, outputs, sums) } }
      return [dx, dw, db]
    }
  }
}

extension Tensor {
  /// The transpose of a row-major matrix `(r, c)` → `(c, r)`.
  func transposedMatrix() -> Tensor {
    let (r, c) = (shape[0], shape[1])
    return Tensor.uninitialized(shape: [c, r]) { out, _ in
      withElements { p in smr_transpose(p, r, c, out) }
    }
  }
}
