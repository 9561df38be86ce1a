import CBLAS
import CKernels

/// Matrix products on OpenBLAS (`cblas_sgemm`) or the packed AVX-512 kernel.
extension Tensor {
  /// `C = op(A)·op(B)` for row-major matrices in batches: A `(batch, m, k)` (or `(batch, k, m)` when
  /// transposed), B likewise; a batch of 1 on B is shared by every A batch.
  /// With `rowBias` (a length-`n` vector), every output row starts from it: `C = bias + op(A)·op(B)`.
  /// Single products of some size run on `PackedProduct` where the CPU has AVX-512 (`allowPacked: false`
  /// forces BLAS, for tests), else on OpenBLAS. Public for operations defined outside the engine.
  public static func gemm(
    _ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool, batch: Int, m: Int, n: Int, k: Int,
    rowBias: Tensor? = nil, allowPacked: Bool = true
  ) -> Tensor {
    let sharedB = b.count == k * n
    // An empty inner extent (k = 0) gives zeros (or the bias); BLAS is not called on empty operands.
    guard batch * m * n > 0, k > 0 else {
      return Tensor.zeros(shape: [batch, m, n]) { c, _ in rowBias?.withElements { smr_broadcast_rows($0, batch * m, n, c) } }
    }
    if batch == 1, PackedProduct.isAvailable, allowPacked, m >= PackedProduct.minimumRows {
      return PackedProduct.gemm(a, transposeA: transposeA, b, transposeB: transposeB, m: m, n: n, k: k, rowBias: rowBias)
    }
    return Tensor.uninitialized(shape: [batch, m, n]) { baseC, _ in
      rowBias?.withElements { smr_broadcast_rows($0, batch * m, n, baseC) }
      let beta: Float = rowBias == nil ? 0 : 1
      a.withElements { baseA in
        b.withElements { baseB in
          for index in 0..<batch {
            cblas_sgemm(
              CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
              Int32(m), Int32(n), Int32(k), 1, baseA + index * m * k, Int32(transposeA ? m : k),
              baseB + (sharedB ? 0 : index * k * n), Int32(transposeB ? k : n), beta, baseC + index * m * n, Int32(n))
          }
        }
      }
    }
  }
}

extension Variable {
  /// The matrix product over the last two axes: `(..., m, k) · (k, n)` or `(..., m, k) · (..., k, n)`
  /// with equal leading axes.
  ///
  /// Backward: `dA = g·Bᵀ`, `dB = Aᵀ·g` (summed over the batch when B is shared).
  /// - Precondition: inner dimensions agree (a programmer error otherwise).
  public func matmul(_ other: Variable) -> Variable {
    let (a, b) = (value, other.value)
    precondition(a.rank >= 2 && b.rank >= 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
    let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
    precondition(b.shape[b.rank - 2] == k, "matmul inner dimensions differ: \(a.shape) · \(b.shape)")
    let leading = Array(a.shape.dropLast(2))
    let batch = leading.reduce(1, *)
    let shared = b.rank == 2
    precondition(shared || Array(b.shape.dropLast(2)) == leading, "matmul batch dimensions differ: \(a.shape) · \(b.shape)")
    let product = Tensor.gemm(a, transposeA: false, b, transposeB: false, batch: batch, m: m, n: n, k: k)
    let output = Tensor(shape: leading + [m, n], scalars: product.scalars)
    return tape.record(output, parents: [self, other]) { g in
      let gradA = Tensor.gemm(g, transposeA: false, b, transposeB: true, batch: batch, m: m, n: k, k: n)
      var gradB: Tensor
      if shared {
        // Σ_batch Aᵀ·g = (A as (batch·m, k))ᵀ · (g as (batch·m, n)).
        gradB = Tensor.gemm(a, transposeA: true, g, transposeB: false, batch: 1, m: k, n: n, k: batch * m)
      } else {
        gradB = Tensor.gemm(a, transposeA: true, g, transposeB: false, batch: batch, m: k, n: n, k: m)
      }
      gradB = Tensor(shape: b.shape, scalars: gradB.scalars)
      return [Tensor(shape: a.shape, scalars: gradA.scalars), gradB]
    }
  }
}

extension Variable {
  /// A fully connected layer in PyTorch's layout: `x · Wᵀ + b` with W `(out, in)`, x `(..., in)`.
  ///
  /// Backward: `dx = g·W`, `dW = Σ gᵀ·x` over all leading positions, `db = Σ g`.
  /// - Parameters:
  ///   - weight: `(out, in)`.
  ///   - bias: `(out,)`, or nil.
  public func linear(weight: Variable, bias: Variable?) -> Variable {
    let (x, w) = (value, weight.value)
    precondition(w.rank == 2 && x.shape.last == w.shape[1], "linear: input \(x.shape) does not match weight \(w.shape)")
    let (outputs, inputs) = (w.shape[0], w.shape[1])
    let rows = x.shape.dropLast().reduce(1, *)
    let product = Tensor.gemm(
      x, transposeA: false, w, transposeB: true, batch: 1, m: rows, n: outputs, k: inputs, rowBias: bias?.value)
    let output = Tensor(shape: Array(x.shape.dropLast()) + [outputs], scalars: product.scalars)
    let parents = bias.map { [self, weight, $0] } ?? [self, weight]
    // Capture a flag, not the bias variable: a variable holds its tape, and a tape holding a closure
    // that holds the tape would never be freed.
    let hasBias = bias != nil
    return tape.record(output, parents: parents) { g in
      let dx = Tensor.gemm(g, transposeA: false, w, transposeB: false, batch: 1, m: rows, n: inputs, k: outputs)
      let dw = Tensor.gemm(g, transposeA: true, x, transposeB: false, batch: 1, m: outputs, n: inputs, k: rows)
      var gradients = [Tensor(shape: x.shape, scalars: dx.scalars), Tensor(shape: w.shape, scalars: dw.scalars)]
      if hasBias {
        gradients.append(Tensor.zeros(shape: [outputs]) { db, _ in g.withElements { smr_column_sums($0, rows, outputs, db) } })
      }
      return gradients
    }
  }
}

/// Facts about the BLAS in use, for benchmark reports.
public enum BLASInfo {
  /// OpenBLAS's kernel family (e.g. `Haswell`, `Cooperlake`).
  public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
  /// OpenBLAS's thread count.
  public static var threads: Int { Int(openblas_get_num_threads()) }

  /// Sets OpenBLAS's thread count for the whole process (`openblas_set_num_threads`), e.g. to 1 while a
  /// `DecisionTransformerRunner` splits its products over its own threads (two pools spinning on two
  /// cores slow each other down).
  public static func setThreads(_ threads: Int) { openblas_set_num_threads(Int32(max(threads, 1))) }
}
