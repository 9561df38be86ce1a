import CKernels

/// Matrix products on `smr_packed_gemm_strided` (CKernels): B packed per call into 32-column panels, A read
/// in place through strides (so `Aᵀ` costs no copy), the bias fused into the store.
///
/// Used for single products on CPUs with AVX-512F: as fast as OpenBLAS's best AVX-512 kernel here, and
/// independent of the kernel OpenBLAS is told to use (this machine kind forces its AVX2 kernel through
/// `OPENBLAS_CORETYPE`, half the speed). Packing B costs `k·n` copies against `m·n·k` multiply-adds.
/// On AVX2-only CPUs these products stay on BLAS: OpenBLAS's AVX2 kernel is as fast as the packed one there
/// and packing per call does not pay (measured on an AVX2 EPYC, one thread: m 1280, n 384, k 128 — BLAS
/// 70.9 GFLOP/s, packing plus the packed product 63.8); pre-packed weights (the runners) use it on both.
enum PackedProduct {
  /// Whether the CPU has the AVX-512F kernel (checked once).
  static let isAvailable = smr_avx512_available() != 0

  /// Products with fewer output rows stay on BLAS: packing B costs about `1/m` of the product in
  /// arithmetic but is memory-bound, so it only pays for tall products (training, not batch-1 inference).
  static let minimumRows = 128

  /// `C (m×n) = op(A)·op(B) (+ bias)` with A `(m, k)` or `(k, m)` and B `(k, n)` or `(n, k)`, row-major.
  static func gemm(
    _ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool, m: Int, n: Int, k: Int, rowBias: Tensor?
  ) -> Tensor {
    let panel = Int(SMR_PANEL)
    let packed = Tensor.uninitialized(shape: [(n + panel - 1) / panel * panel * k]) { p, _ in
      b.withElements { pb in
        // op(B) = W^T for a weight W (n, k) stored row-major, or B (k, n) read by columns.
        if transposeB { smr_pack_rows(pb, k, n, k, 1, p) } else { smr_pack_columns(pb, n, n, k, p) }
      }
    }
    return Tensor.uninitialized(shape: [1, m, n]) { c, _ in
      a.withElements { pa in
        packed.withElements { pp in
          let (rowStride, kStride) = transposeA ? (1, m) : (k, 1)
          let panels = (n + panel - 1) / panel
          if let rowBias {
            rowBias.withElements {
              smr_packed_gemm_strided(pa, rowStride, kStride, pp, m, n, k, c, n, 0, panels, $0, Int32(SMR_BIAS))
            }
          } else {
            smr_packed_gemm_strided(pa, rowStride, kStride, pp, m, n, k, c, n, 0, panels, nil, Int32(SMR_STORE))
          }
        }
      }
    }
  }
}
