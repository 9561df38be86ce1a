#include "CKernels.h"
#include "Kernels.h"

#if SMR_HAVE_AVX2_PATHS
#include <immintrin.h>

// AVX2 + FMA (x86 without AVX-512F: most laptops): the same per-output order of fused multiply-adds as the
// AVX-512 kernel (blocks of 256 inputs, a block's sum added to the running total), 8 outputs per vector, so
// the two paths agree bit for bit; the active inputs are found by a scalar scan (no compress instruction).

/// Lanes `[0, tail)` of an 8-lane mask (tail in 1...8).
__attribute__((target("avx2,fma"))) static inline __m256i smr_mask8(long tail) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)tail), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// One row, output columns [c0, c0 + 8·vectors) (vectors ≤ 8), as `smr_spike_row_avx512`.
__attribute__((target("avx2,fma"), always_inline)) static inline void smr_spike_row_avx2(
    int vectors, const float *ar, const int32_t *idx, const long *block_ends, long blocks, const float *wt, long n, long c0,
    __m256i last_mask, const float *bias, float *y, int mode) {
  __m256 out[8];
  long start = 0;
  for (long b = 0; b < blocks; b++) {
    __m256 acc[8];
    for (int v = 0; v < vectors; v++) acc[v] = _mm256_setzero_ps();
    for (long i = start; i < block_ends[b]; i++) {
      const float *row = wt + (long)idx[i] * n + c0;
      __m256 x = _mm256_set1_ps(ar[idx[i]]);
      for (int v = 0; v < vectors - 1; v++) acc[v] = _mm256_fmadd_ps(x, _mm256_loadu_ps(row + 8 * v), acc[v]);
      acc[vectors - 1] = _mm256_fmadd_ps(x, _mm256_maskload_ps(row + 8 * (vectors - 1), last_mask), acc[vectors - 1]);
    }
    start = block_ends[b];
    for (int v = 0; v < vectors; v++) {
      __m256i m = v == vectors - 1 ? last_mask : _mm256_set1_epi32(-1);
      if (b == 0) {
        __m256 total = acc[v];
        if (bias) total = _mm256_add_ps(_mm256_maskload_ps(bias + c0 + 8 * v, m), total);
        if (mode == SMR_ACCUMULATE_BIAS || mode == SMR_ACCUMULATE)
          total = _mm256_add_ps(_mm256_maskload_ps(y + c0 + 8 * v, m), total);
        out[v] = total;
      } else {
        out[v] = _mm256_add_ps(out[v], acc[v]);
      }
    }
  }
  for (int v = 0; v < vectors; v++)
    _mm256_maskstore_ps(y + c0 + 8 * v, v == vectors - 1 ? last_mask : _mm256_set1_epi32(-1), out[v]);
}

__attribute__((target("avx2,fma"))) void smr_spike_gemm_avx2(
    const float *a, long lda, long rows, long k, const float *wt, long n, const float *bias, float *y, long ldy,
    int mode, int32_t *idx) {
  long blocks = k <= 256 ? 1 : (k + 255) / 256;
  long block_ends[64];
  for (long r = 0; r < rows; r++) {
    const float *ar = a + r * lda;
    long count = 0;
    for (long b = 0; b < blocks; b++) {
      long end = k <= 256 ? k : (b + 1) * 256 < k ? (b + 1) * 256 : k;
      long first = count;
      count += smr_active_indices(ar + b * 256, end - b * 256, idx + count);
      for (long i = first; i < count; i++) idx[i] += (int32_t)(b * 256);
      block_ends[b] = count;
    }
    float *yr = y + r * ldy;
    for (long c0 = 0; c0 < n; c0 += 64) {
      long width = n - c0 < 64 ? n - c0 : 64;
      int vectors = (int)((width + 7) / 8);
      __m256i last = smr_mask8(width - 8 * (vectors - 1));
      switch (vectors) {
#define SMR_ROW(V) case V: smr_spike_row_avx2(V, ar, idx, block_ends, blocks, wt, n, c0, last, bias, yr, mode); break;
        SMR_ROW(1) SMR_ROW(2) SMR_ROW(3) SMR_ROW(4) SMR_ROW(5) SMR_ROW(6) SMR_ROW(7) SMR_ROW(8)
#undef SMR_ROW
      }
    }
  }
}

/// Whether the AVX2 + FMA kernels can run.
int smr_avx2_available(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
/// `dwt (k, n) += aᵀ·g` over the active inputs of each row, 8 columns per fused multiply-add: every element the
/// same chain of FMAs over the rows in increasing order as the scalar loop, bit for bit. (A tiled variant that
/// kept weight rows in registers measured no faster here: the scan of `a` dominates.)
__attribute__((target("avx2,fma"))) void smr_spike_weight_gradient_avx2(
    const float *g, long ldg, const float *a, long lda, long rows, long k, long n, float *dwt, int32_t *idx) {
  long full = n / 8 * 8;
  __m256i last = smr_mask8(n - full);
  for (long r = 0; r < rows; r++) {
    const float *ar = a + r * lda, *gr = g + r * ldg;
    long count = smr_active_indices(ar, k, idx);
    for (long i = 0; i < count; i++) {
      float *row = dwt + (long)idx[i] * n;
      __m256 x = _mm256_set1_ps(ar[idx[i]]);
      for (long c = 0; c < full; c += 8)
        _mm256_storeu_ps(row + c, _mm256_fmadd_ps(x, _mm256_loadu_ps(gr + c), _mm256_loadu_ps(row + c)));
      if (full < n)
        _mm256_maskstore_ps(row + full, last,
                            _mm256_fmadd_ps(x, _mm256_maskload_ps(gr + full, last), _mm256_maskload_ps(row + full, last)));
    }
  }
}
#endif
