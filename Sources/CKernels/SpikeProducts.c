#include "CKernels.h"
#include "Kernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define SMR_HAVE_AVX512 1  // x86: AVX-512F and AVX2 + FMA paths, chosen at run time
#else
#define SMR_HAVE_AVX512 0
#endif

// Event-driven products: a layer whose input is mostly zero (spikes) visits only its active inputs. With the
// weight transposed, `wt (k, n)` (input-major), output row r is `bias + Σ_{k: a[r, k] ≠ 0} a[r, k]·wt[k, :]`:
// one vector multiply-add per active input and 16 outputs (for a spike, a plain add of the weight row).
// The sums run over the active inputs in increasing k with fused multiply-adds, in blocks of 256 inputs
// exactly as `smr_packed_gemm_ex` blocks its inner dimension, so the result is bit-identical to the dense
// packed product on the same input (a zero input is a no-op there too).

long smr_active_indices(const float *a, long k, int32_t *indices) {
  long count = 0;
  for (long i = 0; i < k; i++) {
    indices[count] = (int32_t)i;
    count += a[i] != 0.0f;
  }
  return count;
}

#if SMR_HAVE_AVX512
/// One row, output columns [c0, c0 + 16·vectors) (vectors ≤ 8), active inputs `idx[0..<count]` already split
/// into blocks by `block_ends` (the count of indices below each 256 boundary).
__attribute__((target("avx512f"), always_inline)) static inline void smr_spike_row_avx512(
    int vectors, const float *ar, const int32_t *idx, const long *block_ends, long blocks, const float *wt, long n, long c0,
    __mmask16 last_mask, const float *bias, float *y, int mode) {
  __m512 out[8];
  long start = 0;
  for (long b = 0; b < blocks; b++) {
    __m512 acc[8];
    for (int v = 0; v < vectors; v++) acc[v] = _mm512_setzero_ps();
    for (long i = start; i < block_ends[b]; i++) {
      const float *row = wt + (long)idx[i] * n + c0;
      __m512 x = _mm512_set1_ps(ar[idx[i]]);
      for (int v = 0; v < vectors - 1; v++) acc[v] = _mm512_fmadd_ps(x, _mm512_loadu_ps(row + 16 * v), acc[v]);
      acc[vectors - 1] = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(last_mask, row + 16 * (vectors - 1)), acc[vectors - 1]);
    }
    start = block_ends[b];
    for (int v = 0; v < vectors; v++) {
      __mmask16 m = v == vectors - 1 ? last_mask : 0xFFFF;
      if (b == 0) {
        __m512 total = acc[v];
        if (bias) total = _mm512_add_ps(_mm512_maskz_loadu_ps(m, bias + c0 + 16 * v), total);
        if (mode == SMR_ACCUMULATE_BIAS || mode == SMR_ACCUMULATE)
          total = _mm512_add_ps(_mm512_maskz_loadu_ps(m, y + c0 + 16 * v), total);
        out[v] = total;
      } else {
        out[v] = _mm512_add_ps(out[v], acc[v]);
      }
    }
  }
  for (int v = 0; v < vectors; v++) {
    __mmask16 m = v == vectors - 1 ? last_mask : 0xFFFF;
    _mm512_mask_storeu_ps(y + c0 + 16 * v, m, out[v]);
  }
}

__attribute__((target("avx512f"))) static void smr_spike_gemm_avx512(
    const float *a, long lda, long rows, long k, const float *wt, long n, const float *bias, float *y, long ldy,
    int mode, int32_t *idx) {
  long blocks = k <= 256 ? 1 : (k + 255) / 256;
  long block_ends[64];
  for (long r = 0; r < rows; r++) {
    const float *ar = a + r * lda;
    long count = 0;
    for (long b = 0; b < blocks; b++) {
      long end = k <= 256 ? k : (b + 1) * 256 < k ? (b + 1) * 256 : k;
      for (long i = b * 256; i < end; i += 16) {
        __mmask16 valid = end - i >= 16 ? 0xFFFF : (__mmask16)((1u << (end - i)) - 1);
        __m512 values = _mm512_maskz_loadu_ps(valid, ar + i);
        __mmask16 active = _mm512_mask_cmpneq_ps_mask(valid, values, _mm512_setzero_ps());
        __m512i lanes = _mm512_add_epi32(_mm512_set1_epi32((int)i),
                                         _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
        // Compress into a register and store 16 lanes (a compress to memory is microcoded on AMD Zen 4).
        _mm512_storeu_si512((void *)(idx + count), _mm512_maskz_compress_epi32(active, lanes));
        count += __builtin_popcount((unsigned)active);
      }
      block_ends[b] = count;
    }
    float *yr = y + r * ldy;
    for (long c0 = 0; c0 < n; c0 += 128) {
      long width = n - c0 < 128 ? n - c0 : 128;
      int vectors = (int)((width + 15) / 16);
      long tail = width - 16 * (vectors - 1);
      __mmask16 last = tail >= 16 ? 0xFFFF : (__mmask16)((1u << tail) - 1);
      // A constant vector count per call site, so the accumulators live in registers.
      switch (vectors) {
#define SMR_ROW(V) case V: smr_spike_row_avx512(V, ar, idx, block_ends, blocks, wt, n, c0, last, bias, yr, mode); break;
        SMR_ROW(1) SMR_ROW(2) SMR_ROW(3) SMR_ROW(4) SMR_ROW(5) SMR_ROW(6) SMR_ROW(7) SMR_ROW(8)
#undef SMR_ROW
      }
    }
  }
}
#endif

void smr_spike_gemm(const float *a, long lda, long rows, long k, const float *wt, long n, const float *bias, float *y,
                    long ldy, int mode, int32_t *scratch) {
  if (mode == SMR_STORE || mode == SMR_BIAS_RELU) mode = bias ? SMR_BIAS : SMR_STORE;
  if (!bias && mode == SMR_ACCUMULATE_BIAS) mode = SMR_ACCUMULATE;
#if SMR_HAVE_AVX512
  if (smr_avx512_available() && k <= 64 * 256) {
    smr_spike_gemm_avx512(a, lda, rows, k, wt, n, bias, y, ldy, mode, scratch);
    return;
  }
  if (smr_avx2_available() && k <= 64 * 256) {
    smr_spike_gemm_avx2(a, lda, rows, k, wt, n, bias, y, ldy, mode, scratch);
    return;
  }
#endif
  int accumulate = mode == SMR_ACCUMULATE || mode == SMR_ACCUMULATE_BIAS;
  for (long r = 0; r < rows; r++) {
    const float *ar = a + r * lda;
    float *yr = y + r * ldy;
    for (long start = 0; start < k || start == 0; start += 256) {
      long end = k - start < 256 ? k : start + 256;
      long count = smr_active_indices(ar + start, end - start, scratch);
      for (long c = 0; c < n; c++) {
        float block = 0.0f;
        for (long i = 0; i < count; i++) block = __builtin_fmaf(ar[start + scratch[i]], wt[(start + scratch[i]) * n + c], block);
        if (start > 0) { yr[c] = yr[c] + block; continue; }
        if (bias) block = bias[c] + block;
        yr[c] = accumulate ? yr[c] + block : block;
      }
    }
  }
}

#if SMR_HAVE_AVX512
/// `dwt[k, c0 ..< c0 + 16·vectors] += a[k]·g[c0 ...]` for the active k of one row (vectors constant after inlining).
__attribute__((target("avx512f"), always_inline)) static inline void smr_spike_gradient_chunk(
    int vectors, const float *gr, const float *ar, const int32_t *idx, long count, float *dwt, long n, long c0,
    __mmask16 last) {
  __m512 gv[8];
  for (int v = 0; v < vectors; v++) gv[v] = _mm512_maskz_loadu_ps(v == vectors - 1 ? last : 0xFFFF, gr + c0 + 16 * v);
  for (long i = 0; i < count; i++) {
    float *row = dwt + (long)idx[i] * n + c0;
    __m512 x = _mm512_set1_ps(ar[idx[i]]);
    for (int v = 0; v < vectors; v++) {
      __mmask16 m = v == vectors - 1 ? last : 0xFFFF;
      _mm512_mask_storeu_ps(row + 16 * v, m, _mm512_fmadd_ps(x, gv[v], _mm512_maskz_loadu_ps(m, row + 16 * v)));
    }
  }
}

__attribute__((target("avx512f"))) static void smr_spike_weight_gradient_avx512(
    const float *g, long ldg, const float *a, long lda, long rows, long k, long n, float *dwt, int32_t *idx) {
  for (long r = 0; r < rows; r++) {
    const float *ar = a + r * lda, *gr = g + r * ldg;
    long count = 0;
    for (long i = 0; i < k; i += 16) {
      __mmask16 valid = k - i >= 16 ? 0xFFFF : (__mmask16)((1u << (k - i)) - 1);
      __mmask16 active = _mm512_mask_cmpneq_ps_mask(valid, _mm512_maskz_loadu_ps(valid, ar + i), _mm512_setzero_ps());
      __m512i lanes = _mm512_add_epi32(_mm512_set1_epi32((int)i),
                                       _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
      // Compress into a register and store 16 lanes (a compress to memory is microcoded on AMD Zen 4).
        _mm512_storeu_si512((void *)(idx + count), _mm512_maskz_compress_epi32(active, lanes));
      count += __builtin_popcount((unsigned)active);
    }
    if (count == 0) continue;
    for (long c0 = 0; c0 < n; c0 += 128) {
      long width = n - c0 < 128 ? n - c0 : 128;
      int vectors = (int)((width + 15) / 16);
      long tail = width - 16 * (vectors - 1);
      __mmask16 last = tail >= 16 ? 0xFFFF : (__mmask16)((1u << tail) - 1);
      switch (vectors) {
#define SMR_GRADIENT(V) case V: smr_spike_gradient_chunk(V, gr, ar, idx, count, dwt, n, c0, last); break;
        SMR_GRADIENT(1) SMR_GRADIENT(2) SMR_GRADIENT(3) SMR_GRADIENT(4) SMR_GRADIENT(5) SMR_GRADIENT(6) SMR_GRADIENT(7)
        SMR_GRADIENT(8)
#undef SMR_GRADIENT
      }
    }
  }
}
#endif

void smr_spike_weight_gradient(const float *g, long ldg, const float *a, long lda, long rows, long k, long n, float *dwt,
                               int32_t *scratch) {
#if SMR_HAVE_AVX512
  if (smr_avx512_available()) {
    smr_spike_weight_gradient_avx512(g, ldg, a, lda, rows, k, n, dwt, scratch);
    return;
  }
  if (smr_avx2_available()) {
    smr_spike_weight_gradient_avx2(g, ldg, a, lda, rows, k, n, dwt, scratch);
    return;
  }
#endif
  for (long r = 0; r < rows; r++) {
    long count = smr_active_indices(a + r * lda, k, scratch);
    for (long i = 0; i < count; i++) {
      float x = a[r * lda + scratch[i]];
      float *row = dwt + (long)scratch[i] * n;
      for (long c = 0; c < n; c++) row[c] = __builtin_fmaf(x, g[r * ldg + c], row[c]);
    }
  }
}
