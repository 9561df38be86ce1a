import CBLAS
import CKernels

/// Fused causal multi-head self-attention on a packed QKV projection (GPT-2 "eager" semantics).
extension Variable {
  /// Attention over `self` = QKV of shape `(B, T, 3D)` (Q, K, V each `(H, d_h)`-split), giving `(B, T', D)`
  /// for the query positions `queryStart, queryStart + queryStep, ...` (`T' = ⌈(T − queryStart)/queryStep⌉`;
  /// every position by default).
  ///
  /// Per batch and head: `S = Q·Kᵀ/√d_h`; future positions (`j > i`) are set to −10⁴; the additive padding
  /// mask `padding[b, j]` is added; `P = softmax(S)`; `P' = dropout(P)`; `O = P'·V`. Matrix products run on
  /// strided views of the packed buffer (no head transposes, no intermediate tensors on the tape).
  /// Backward: `dV = P'ᵀ·dO`, `dP = dropout(dO·Vᵀ)`, `dS = P ⊙ (dP − rowsum(dP ⊙ P))` (0 where masked),
  /// `dQ = dS·K/√d_h`, `dK = dSᵀ·Q/√d_h`.
  /// Asking only for the positions a model reads (a Decision Transformer's state tokens in its last block)
  /// gives the same values for those rows at a fraction of the cost.
  /// - Parameters:
  ///   - heads: H, dividing D.
  ///   - padding: additive mask values `(B, T)` (0 for real tokens, −10⁴ for padding), or nil.
  ///   - dropout: attention-weight dropout rate (0 in evaluation).
  ///   - generator: the dropout generator (advanced only when `dropout > 0`).
  ///   - queryStart: the first query position.
  ///   - queryStep: the distance between query positions.
  public func causalSelfAttention(
    heads: Int, padding: [Float]?, dropout: Float, generator: inout DropoutGenerator,
    queryStart: Int = 0, queryStep: Int = 1
  ) -> Variable {
    let x = value
    precondition(x.rank == 3 && x.shape[2] % (3 * heads) == 0, "attention needs (B, T, 3D) with D divisible by H")
    let (batch, length, width) = (x.shape[0], x.shape[1], x.shape[2] / 3)
    precondition(padding == nil || padding?.count == batch * length, "padding must hold B·T values")
    precondition(queryStart >= 0 && queryStart < max(length, 1) && queryStep >= 1, "query rows outside 0..<\(length)")
    let geometry = AttentionGeometry(
      batch: batch, length: length, width: width, heads: heads, queryStart: queryStart, queryStep: queryStep)
    let mask = dropout > 0 ? DropoutMask(rate: dropout, generator: &generator) : nil
    var probabilities = Tensor.uninitialized(shape: [geometry.blockCount * geometry.blockSize]) { _, _ in }
    let output = Tensor.uninitialized(shape: [batch, geometry.queries, width]) { out, _ in
      x.withElements { qkv in
        probabilities.withMutableElements { p in
          (padding ?? []).withElements { pad in
            geometry.forward(qkv: qkv, padding: padding == nil ? nil : pad, probabilities: p, mask: mask, output: out)
          }
        }
      }
    }
    return tape.record(output, parents: [self]) { [probabilities] g in
      let backward = { (gq: UnsafeMutablePointer<Float>, _: Int) in
        x.withElements { qkv in
          probabilities.withElements { p in
            g.withElements { go in geometry.backward(qkv: qkv, probabilities: p, mask: mask, outputGradient: go, qkvGradient: gq) }
          }
        }
      }
      // Unqueried Q rows get no gradient: zero-fill only when some rows are skipped.
      let full = queryStart == 0 && queryStep == 1
      return [full ? Tensor.uninitialized(shape: x.shape, backward) : Tensor.zeros(shape: x.shape, backward)]
    }
  }
}

/// Shapes, strides and the per-(batch, head) kernels of `causalSelfAttention`.
struct AttentionGeometry: Sendable {
  let batch: Int, length: Int, width: Int, heads: Int
  let queryStart: Int, queryStep: Int
  var headWidth: Int { width / heads }
  var scale: Float { 1 / Float(headWidth).squareRoot() }
  /// The number of query rows.
  var queries: Int { (length - queryStart + queryStep - 1) / queryStep }
  /// The (batch, head) blocks and the size of each probability block.
  var blockCount: Int { batch * heads }
  var blockSize: Int { queries * length }
  /// The leading dimension of the packed buffer.
  var packed: Int { 3 * width }

  /// Offset of Q (part 0), K (1) or V (2) of head `h` in batch `b` of the packed `(B, T, 3D)` buffer.
  func offset(_ b: Int, _ part: Int, _ h: Int) -> Int { b * length * packed + part * width + h * headWidth }

  /// The first query row of head `h` in batch `b`; consecutive queries are `packed·queryStep` apart.
  func queryOffset(_ b: Int, _ h: Int) -> Int { offset(b, 0, h) + queryStart * packed }

  /// `C (m×n, ldc) = alpha · op(A) · op(B) + beta · C` on raw pointers (row-major).
  @inline(__always)
  func gemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    guard m > 0, n > 0, k > 0 else { return }
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
      Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// Probabilities `(B·H, T', T)` and outputs `(B, T', D)`.
  func forward(
    qkv: UnsafePointer<Float>, padding: UnsafePointer<Float>?, probabilities: UnsafeMutablePointer<Float>,
    mask: DropoutMask?, output: UnsafeMutablePointer<Float>
  ) {
    let (t, q, dh) = (length, queries, headWidth)
    var weighted = [Float](repeating: 0, count: mask == nil ? 0 : blockSize)
    weighted.withUnsafeMutableBufferPointer { w in
      for b in 0..<batch {
        for h in 0..<heads {
          let index = b * heads + h
          let block = probabilities + index * blockSize
          gemm(false, true, q, t, dh, scale, qkv + queryOffset(b, h), packed * queryStep, qkv + offset(b, 1, h), packed, 0, block, t)
          smr_masked_softmax(block, q, t, queryStart, queryStep, padding.map { $0 + b * t })
          let out = output + b * q * width + h * dh
          var weights = UnsafePointer(block)
          if let mask, let w0 = w.baseAddress {
            mask.apply(block, residual: nil, count: blockSize, offset: index * blockSize, into: w0)
            weights = UnsafePointer(w0)
          }
          gemm(false, false, q, dh, t, 1, weights, t, qkv + offset(b, 2, h), packed, 0, out, width)
        }
      }
    }
  }

  /// The gradient of the packed QKV buffer (`qkvGradient` zeroed beforehand when rows are skipped).
  func backward(
    qkv: UnsafePointer<Float>, probabilities: UnsafePointer<Float>, mask: DropoutMask?,
    outputGradient: UnsafePointer<Float>, qkvGradient: UnsafeMutablePointer<Float>
  ) {
    let (t, q, dh) = (length, queries, headWidth)
    var scratch = [Float](repeating: 0, count: 2 * blockSize)
    scratch.withUnsafeMutableBufferPointer { buffer in
      guard let weighted = buffer.baseAddress else { return }
      let scores = weighted + blockSize
      for b in 0..<batch {
        for h in 0..<heads {
          let index = b * heads + h
          let block = probabilities + index * blockSize
          var weights = block
          if let mask {
            mask.apply(block, residual: nil, count: blockSize, offset: index * blockSize, into: weighted)
            weights = UnsafePointer(weighted)
          }
          let dOut = outputGradient + b * q * width + h * dh
          // dV = P'ᵀ · dO
          gemm(true, false, t, dh, q, 1, weights, t, dOut, width, 0, qkvGradient + offset(b, 2, h), packed)
          // dP' = dO · Vᵀ, then back through dropout and the softmax.
          gemm(false, true, q, t, dh, 1, dOut, width, qkv + offset(b, 2, h), packed, 0, scores, t)
          if let mask { mask.apply(scores, residual: nil, count: blockSize, offset: index * blockSize, into: scores) }
          smr_softmax_backward(scores, block, q, t, queryStart, queryStep)
          // dQ = dS · K / √d_h, dK = dSᵀ · Q / √d_h
          gemm(false, false, q, dh, t, scale, scores, t, qkv + offset(b, 1, h), packed, 0,
            qkvGradient + queryOffset(b, h), packed * queryStep)
          gemm(true, false, t, dh, q, scale, scores, t, qkv + queryOffset(b, h), packed * queryStep, 0,
            qkvGradient + offset(b, 1, h), packed)
        }
      }
    }
  }
}
