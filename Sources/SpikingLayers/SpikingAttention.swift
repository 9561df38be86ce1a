import CBLAS
import CKernels
public import TensorEngine

/// The spiking self-attentions of Decision SpikeFormer (MODELS.md §1.8) on binary `Q, K, V` of shape
/// `[T, B, L, D]`, causal, with an optional key-padding mask `P (B, L)` (1 real, 0 pad). Masked entries are
/// zeroed (no softmax, no scale). `M_ij = [j ≤ i]`.
public enum SpikingAttentionKind: String, Sendable, Equatable, Codable, CaseIterable {
  /// Step spiking self-attention (per SNN step): `A_t = (Q_t K_tᵀ) ⊙ M ⊙ P`, `Z_t = A_t V_t`.
  case sssa
  /// Temporal spiking self-attention (one map over the window): `A = (Σ_t Q_t K_tᵀ) ⊙ M ⊙ P`, `Z_t = A V_t`.
  case tssa
  /// Positional spiking self-attention: `Z_t = Q_t ⊙ (B·(K_t ⊙ V_t))`, `B = W ⊙ band(w) ⊙ M ⊙ P`.
  case pssa
}

extension Variable {
  /// PSSA: `Z_t[i,c] = Q_t[i,c]·Σ_j W[i,j]·K_t[j,c]·V_t[j,c]` over `i − window < j ≤ i`, real keys only.
  ///
  /// `W` is the learned positional matrix (`(Lmax, Lmax)`, sliced to `(L, L)`), shared by heads and steps.
  /// Backward (`G = dZ ⊙ Q`, `KV = K ⊙ V`): `dQ = dZ ⊙ (B·KV)`, `dKV = Bᵀ·G`, `dK = dKV ⊙ V`,
  /// `dV = dKV ⊙ K`, `dW[i,j] = Σ_{t,b,c} G[i,c]·KV[j,c]` inside the band.
  /// - Parameters:
  ///   - q, k, v: `[T, B, L, D]`.
  ///   - positions: W, `(Lmax, Lmax)` with `Lmax ≥ L`.
  ///   - window: the band width w (keys `i − w < j ≤ i`).
  ///   - keyMask: `(B, L)` values, or nil (every key real).
  public static func positionalSpikingAttention(
    q: Variable, k: Variable, v: Variable, positions: Variable, window: Int, keyMask: [Float]?
  ) -> Variable {
    let (qv, kv, vv, w) = (q.value, k.value, v.value, positions.value)
    let geometry = SpikingAttentionGeometry(qv, kv, vv, heads: 1, keyMask: keyMask)
    let (steps, batch, length, width) = (geometry.steps, geometry.batch, geometry.length, geometry.width)
    precondition(w.rank == 2 && w.shape[0] >= length && w.shape[1] >= length, "positions \(w.shape) smaller than L = \(length)")
    let ldw = w.shape[1]
    let mask = keyMask ?? []
    let output = Tensor.uninitialized(shape: qv.shape) { z, _ in
      qv.withElements { pq in kv.withElements { pk in vv.withElements { pv in w.withElements { pw in mask.withElements { pm in
        smr_pssa_forward(pq, pk, pv, steps, batch, length, width, pw, ldw, window, keyMask == nil ? nil : pm, z)
      } } } } }
    }
    return q.tape.operation(output, inputs: [q, k, v, positions]) { g in
      var (dq, dk, dv) = (qv, kv, vv)
      var dw = Tensor(repeating: 0, shape: w.shape)
      g.withElements { pg in qv.withElements { pq in kv.withElements { pk in vv.withElements { pv in
        w.withElements { pw in mask.withElements { pm in
          dq.withMutableElements { gq in dk.withMutableElements { gk in dv.withMutableElements { gv in dw.withMutableElements { gw in
            smr_pssa_backward(pg, pq, pk, pv, steps, batch, length, width, pw, ldw, window, keyMask == nil ? nil : pm, gq, gk, gv, gw)
          } } } }
        } }
      } } } }
      return [dq, dk, dv, dw]
    }
  }

  /// TSSA: per batch and head `A = (Σ_t Q_t K_tᵀ) ⊙ M ⊙ P` (counts in `0..T·d_h`), `Z_t = A·V_t`.
  ///
  /// Backward: `dA = (Σ_t dZ_t V_tᵀ) ⊙ M ⊙ P`, `dQ_t = dA·K_t`, `dK_t = dAᵀ·Q_t`, `dV_t = Aᵀ·dZ_t`.
  /// - Parameters:
  ///   - q, k, v: `[T, B, L, D]`; heads: H dividing D; keyMask: `(B, L)` or nil.
  public static func temporalSpikingAttention(q: Variable, k: Variable, v: Variable, heads: Int, keyMask: [Float]?) -> Variable {
    spikingAttention(q: q, k: k, v: v, heads: heads, keyMask: keyMask, perStep: false)
  }

  /// SSSA: per SNN step, batch and head `A_t = (Q_t K_tᵀ) ⊙ M ⊙ P`, `Z_t = A_t·V_t`.
  ///
  /// Backward per step: `dA_t = (dZ_t V_tᵀ) ⊙ M ⊙ P`, `dQ_t = dA_t·K_t`, `dK_t = dA_tᵀ·Q_t`, `dV_t = A_tᵀ·dZ_t`.
  public static func stepSpikingAttention(q: Variable, k: Variable, v: Variable, heads: Int, keyMask: [Float]?) -> Variable {
    spikingAttention(q: q, k: k, v: v, heads: heads, keyMask: keyMask, perStep: true)
  }

  private static func spikingAttention(
    q: Variable, k: Variable, v: Variable, heads: Int, keyMask: [Float]?, perStep: Bool
  ) -> Variable {
    let (qv, kv, vv) = (q.value, k.value, v.value)
    let geometry = SpikingAttentionGeometry(qv, kv, vv, heads: heads, keyMask: keyMask)
    var scores = Tensor.uninitialized(shape: [geometry.mapCount(perStep: perStep) * geometry.length * geometry.length]) { _, _ in }
    let output = Tensor.uninitialized(shape: qv.shape) { z, _ in
      qv.withElements { pq in kv.withElements { pk in vv.withElements { pv in scores.withMutableElements { pa in
        geometry.forward(q: pq, k: pk, v: pv, scores: pa, perStep: perStep, z: z)
      } } } }
    }
    return q.tape.operation(output, inputs: [q, k, v]) { [scores] g in
      var (dq, dk, dv) = (qv, kv, vv)
      g.withElements { pg in qv.withElements { pq in kv.withElements { pk in vv.withElements { pv in scores.withElements { pa in
        dq.withMutableElements { gq in dk.withMutableElements { gk in dv.withMutableElements { gv in
          geometry.backward(gz: pg, q: pq, k: pk, v: pv, scores: pa, perStep: perStep, dq: gq, dk: gk, dv: gv)
        } } }
      } } } } }
      return [dq, dk, dv]
    }
  }
}

/// Shapes and the BLAS loops of TSSA and SSSA on `[T, B, L, D]` buffers.
struct SpikingAttentionGeometry: Sendable {
  let steps: Int, batch: Int, length: Int, width: Int, heads: Int
  let keyMask: [Float]?
  var headWidth: Int { width / heads }

  init(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, keyMask: [Float]?) {
    precondition(q.rank == 4 && q.shape == k.shape && q.shape == v.shape, "spiking attention needs Q, K, V of one shape [T, B, L, D]")
    (steps, batch, length, width) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
    precondition(heads >= 1 && width % heads == 0, "D = \(width) must divide into \(heads) heads")
    precondition(keyMask == nil || keyMask?.count == batch * length, "the key mask needs B·L = \(batch * length) values")
    self.heads = heads
    self.keyMask = keyMask
  }

  /// Attention maps: one per (batch, head), or per (step, batch, head).
  func mapCount(perStep: Bool) -> Int { (perStep ? steps : 1) * batch * heads }

  /// The first element of step t, batch b, head h.
  func offset(_ t: Int, _ b: Int, _ h: Int) -> Int { (t * batch + b) * length * width + h * headWidth }

  /// The map of (t, b, h) (t ignored for TSSA).
  func map(_ t: Int, _ b: Int, _ h: Int, perStep: Bool) -> Int {
    ((perStep ? t * batch : 0) + b) * heads * length * length + h * length * length
  }

  @inline(__always)
  func gemm(
    _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
    _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
      1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  func applyMask(_ map: UnsafeMutablePointer<Float>, batch b: Int) {
    (keyMask ?? []).withElements { pm in smr_mask_scores(map, length, keyMask == nil ? nil : pm + b * length) }
  }

  func forward(
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, scores: UnsafeMutablePointer<Float>,
    perStep: Bool, z: UnsafeMutablePointer<Float>
  ) {
    let (l, dh, d) = (length, headWidth, width)
    for b in 0..<batch {
      for h in 0..<heads {
        for t in 0..<steps {
          let a = scores + map(t, b, h, perStep: perStep)
          let accumulate: Float = !perStep && t > 0 ? 1 : 0
          gemm(false, true, l, l, dh, q + offset(t, b, h), d, k + offset(t, b, h), d, accumulate, a, l)
          if perStep || t == steps - 1 { applyMask(a, batch: b) }
        }
        for t in 0..<steps {
          gemm(false, false, l, dh, l, scores + map(t, b, h, perStep: perStep), l, v + offset(t, b, h), d, 0, z + offset(t, b, h), d)
        }
      }
    }
  }

  func backward(
    gz: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    scores: UnsafePointer<Float>, perStep: Bool, dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
    dv: UnsafeMutablePointer<Float>
  ) {
    let (l, dh, d) = (length, headWidth, width)
    var gradient = [Float](repeating: 0, count: (perStep ? steps : 1) * l * l)
    gradient.withUnsafeMutableBufferPointer { buffer in
      guard let da = buffer.baseAddress else { return }
      for b in 0..<batch {
        for h in 0..<heads {
          for t in 0..<steps {
            let map = da + (perStep ? t * l * l : 0)
            let accumulate: Float = !perStep && t > 0 ? 1 : 0
            gemm(false, true, l, l, dh, gz + offset(t, b, h), d, v + offset(t, b, h), d, accumulate, map, l)
            if perStep || t == steps - 1 { applyMask(map, batch: b) }
          }
          for t in 0..<steps {
            let map = UnsafePointer(da + (perStep ? t * l * l : 0))
            let a = scores + self.map(t, b, h, perStep: perStep)
            gemm(false, false, l, dh, l, map, l, k + offset(t, b, h), d, 0, dq + offset(t, b, h), d)
            gemm(true, false, l, dh, l, map, l, q + offset(t, b, h), d, 0, dk + offset(t, b, h), d)
            gemm(true, false, l, dh, l, a, l, gz + offset(t, b, h), d, 0, dv + offset(t, b, h), d)
          }
        }
      }
    }
  }
}
