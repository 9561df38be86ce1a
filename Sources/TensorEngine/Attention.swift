import CBLAS
import Foundation

/// Fused causal multi-head self-attention on a packed QKV projection (GPT-2 "eager" semantics).
extension Variable {
  /// Attention over `self` = QKV of shape `(B, T, 3D)` (Q, K, V each `(H, d_h)`-split), giving `(B, T, D)`.
  ///
  /// Per batch and head: `S = Q·Kᵀ/√d_h`; future positions (`j > i`) are set to −10⁴; the additive padding
  /// mask `padding[b, j]` is added; `P = softmax(S)`; `P' = dropout(P)`; `O = P'·V`. Matrix products run on
  /// strided views of the packed buffer (no head transposes, no intermediate tensors on the tape).
  /// Backward: `dV = P'ᵀ·dO`, `dP = dropout(dO·Vᵀ)`, `dS = P ⊙ (dP − rowsum(dP ⊙ P))` (0 where masked),
  /// `dQ = dS·K/√d_h`, `dK = dSᵀ·Q/√d_h`.
  /// - Parameters:
  ///   - heads: H, dividing D.
  ///   - padding: additive mask values `(B, T)` (0 for real tokens, −10⁴ for padding), or nil.
  ///   - dropout: attention-weight dropout rate (0 in evaluation).
  ///   - generator: the dropout generator (advanced only when `dropout > 0`).
  public func causalSelfAttention(
    heads: Int, padding: [Float]?, dropout: Float, generator: inout DropoutGenerator
  ) -> Variable {
    let x = value
    precondition(x.rank == 3 && x.shape[2] % (3 * heads) == 0, "attention needs (B, T, 3D) with D divisible by H")
    let (batch, length, width) = (x.shape[0], x.shape[1], x.shape[2] / 3)
    precondition(padding == nil || padding?.count == batch * length, "padding must hold B·T values")
    let geometry = AttentionGeometry(batch: batch, length: length, width: width, heads: heads)
    var probabilities = [Float](repeating: 0, count: batch * heads * length * length)
    var dropMask: [Float]? = nil
    if dropout > 0 {
      let scale = 1 / (1 - dropout)
      dropMask = (0..<probabilities.count).map { _ in generator.next() < dropout ? 0 : scale }
    }
    var output = [Float](repeating: 0, count: batch * length * width)
    geometry.forward(qkv: x.scalars, padding: padding, probabilities: &probabilities, dropMask: dropMask, output: &output)
    let result = Tensor(shape: [batch, length, width], scalars: output)
    return tape.record(result, parents: [self]) { [probabilities, dropMask] g in
      var gradient = [Float](repeating: 0, count: x.count)
      geometry.backward(
        qkv: x.scalars, probabilities: probabilities, dropMask: dropMask, outputGradient: g.scalars, qkvGradient: &gradient)
      return [Tensor(shape: x.shape, scalars: gradient)]
    }
  }
}

/// Shapes, strides and the per-(batch, head) kernels of `causalSelfAttention`.
struct AttentionGeometry: Sendable {
  let batch: Int, length: Int, width: Int, heads: Int
  var headWidth: Int { width / heads }
  var scale: Float { 1 / Float(headWidth).squareRoot() }

  /// Offset of Q (part 0), K (1) or V (2) of head `h` in batch `b` of the packed `(B, T, 3D)` buffer.
  func offset(_ b: Int, _ part: Int, _ h: Int) -> Int { b * length * 3 * width + part * width + h * headWidth }

  /// `C (m×n, ldc) = alpha · op(A) · op(B) + beta · C` on raw pointers (row-major).
  @inline(__always)
  func gemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
      Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  func forward(
    qkv: [Float], padding: [Float]?, probabilities: inout [Float], dropMask: [Float]?, output: inout [Float]
  ) {
    let (t, dh, ld) = (length, headWidth, 3 * width)
    var weighted = [Float](repeating: 0, count: dropMask == nil ? 0 : t * t)
    qkv.withUnsafeBufferPointer { q in
      probabilities.withUnsafeMutableBufferPointer { p in
        output.withUnsafeMutableBufferPointer { o in
          guard let q0 = q.baseAddress, let p0 = p.baseAddress, let o0 = o.baseAddress else { return }
          for b in 0..<batch {
            for h in 0..<heads {
              let base = (b * heads + h) * t * t
              let block = p0 + base
              gemm(false, true, t, t, dh, scale, q0 + offset(b, 0, h), ld, q0 + offset(b, 1, h), ld, 0, block, t)
              Self.maskAndSoftmax(block, length: t, padding: padding.map { Array($0[(b * t)..<((b + 1) * t)]) })
              let out = o0 + b * t * width + h * dh
              let values = q0 + offset(b, 2, h)
              if let dropMask {
                for k in 0..<(t * t) { weighted[k] = block[k] * dropMask[base + k] }
                weighted.withUnsafeBufferPointer { w in
                  if let w0 = w.baseAddress { gemm(false, false, t, dh, t, 1, w0, t, values, ld, 0, out, width) }
                }
              } else {
                gemm(false, false, t, dh, t, 1, block, t, values, ld, 0, out, width)
              }
            }
          }
        }
      }
    }
  }

  /// Causal mask (future positions set to −10⁴), additive padding, then a stable row softmax, in place.
  static func maskAndSoftmax(_ block: UnsafeMutablePointer<Float>, length t: Int, padding: [Float]?) {
    for i in 0..<t {
      let row = block + i * t
      var maximum = -Float.infinity
      for j in 0..<t {
        if j > i { row[j] = -1e4 }
        if let padding { row[j] += padding[j] }
        maximum = max(maximum, row[j])
      }
      var total: Float = 0
      for j in 0..<t {
        row[j] = exp(row[j] - maximum)
        total += row[j]
      }
      let inverse = 1 / total
      for j in 0..<t { row[j] *= inverse }
    }
  }

  func backward(
    qkv: [Float], probabilities: [Float], dropMask: [Float]?, outputGradient: [Float], qkvGradient: inout [Float]
  ) {
    let (t, dh, ld) = (length, headWidth, 3 * width)
    var weighted = [Float](repeating: 0, count: t * t)
    var scores = [Float](repeating: 0, count: t * t)
    qkv.withUnsafeBufferPointer { q in
      probabilities.withUnsafeBufferPointer { p in
        outputGradient.withUnsafeBufferPointer { go in
          qkvGradient.withUnsafeMutableBufferPointer { gq in
            weighted.withUnsafeMutableBufferPointer { w in
              scores.withUnsafeMutableBufferPointer { ds in
                guard let q0 = q.baseAddress, let p0 = p.baseAddress, let go0 = go.baseAddress, let gq0 = gq.baseAddress,
                  let w0 = w.baseAddress, let ds0 = ds.baseAddress
                else { return }
                for b in 0..<batch {
                  for h in 0..<heads {
                    let base = (b * heads + h) * t * t
                    let block = p0 + base
                    for k in 0..<(t * t) { w[k] = block[k] * (dropMask?[base + k] ?? 1) }
                    let dOut = go0 + b * t * width + h * dh
                    // dV = P'ᵀ · dO
                    gemm(true, false, t, dh, t, 1, w0, t, dOut, width, 0, gq0 + offset(b, 2, h), ld)
                    // dP' = dO · Vᵀ, then through dropout and the softmax.
                    gemm(false, true, t, t, dh, 1, dOut, width, q0 + offset(b, 2, h), ld, 0, ds0, t)
                    for i in 0..<t {
                      var dot: Float = 0
                      for j in 0..<t {
                        ds[i * t + j] *= dropMask?[base + i * t + j] ?? 1
                        dot += ds[i * t + j] * block[i * t + j]
                      }
                      for j in 0..<t { ds[i * t + j] = j > i ? 0 : block[i * t + j] * (ds[i * t + j] - dot) }
                    }
                    // dQ = dS · K / √d_h, dK = dSᵀ · Q / √d_h
                    gemm(false, false, t, dh, t, scale, ds0, t, q0 + offset(b, 1, h), ld, 0, gq0 + offset(b, 0, h), ld)
                    gemm(true, false, t, dh, t, scale, ds0, t, q0 + offset(b, 0, h), ld, 0, gq0 + offset(b, 1, h), ld)
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
