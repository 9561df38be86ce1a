#include "CKernels.h"
#include "Kernels.h"

#if SMR_HAVE_AVX2_PATHS
#include <immintrin.h>

// The packed product on AVX2 + FMA (x86 without AVX-512F). Each 32-column panel is taken as two halves of
// 16 columns, six rows at a time (12 accumulators, 2 panel loads and a broadcast: 15 of the 16 registers).
// Every output is the same chain as in the AVX-512 kernel: fused multiply-adds in increasing k from zero,
// then `bias + Σ` or `C + Σ` (and the ReLU), so the two paths agree bit for bit.

/// Lanes `[0, count)` of an 8-lane mask (count in 0...8).
__attribute__((target("avx2,fma"))) static inline __m256i smr_gemm_mask8(long count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// `rows` (≤ 6, a constant after inlining) rows of A times one 16-column half panel (`half`, row stride
/// SMR_PANEL), written to C under the lane masks `m0`, `m1` with the epilogue `mode`.
__attribute__((target("avx2,fma"), always_inline)) static inline void smr_half_rows_avx2(
    int rows, const float *a, long rs, long ks, const float *half, long k, float *c, long ldc, __m256i m0, __m256i m1,
    const float *bias, int mode) {
  __m256 acc[6][2];
  for (int r = 0; r < rows; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
  for (long kk = 0; kk < k; kk++) {
    __m256 b0 = _mm256_loadu_ps(half + kk * SMR_PANEL), b1 = _mm256_loadu_ps(half + kk * SMR_PANEL + 8);
    const float *column = a + kk * ks;
    for (int r = 0; r < rows; r++) {
      __m256 x = _mm256_broadcast_ss(column + r * rs);
      acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  int has_bias = mode == SMR_BIAS || mode == SMR_BIAS_RELU || mode == SMR_ACCUMULATE_BIAS;
  int accumulate = mode == SMR_ACCUMULATE || mode == SMR_ACCUMULATE_BIAS;
  __m256 bias0 = _mm256_setzero_ps(), bias1 = _mm256_setzero_ps();
  if (has_bias) {
    bias0 = _mm256_maskload_ps(bias, m0);
    bias1 = _mm256_maskload_ps(bias + 8, m1);
  }
  for (int r = 0; r < rows; r++) {
    float *out = c + r * ldc;
    __m256 y0 = acc[r][0], y1 = acc[r][1];
    if (has_bias) {
      y0 = _mm256_add_ps(bias0, y0);
      y1 = _mm256_add_ps(bias1, y1);
    }
    if (accumulate) {
      y0 = _mm256_add_ps(_mm256_maskload_ps(out, m0), y0);
      y1 = _mm256_add_ps(_mm256_maskload_ps(out + 8, m1), y1);
    } else if (mode == SMR_BIAS_RELU) {
      y0 = _mm256_max_ps(y0, _mm256_setzero_ps());
      y1 = _mm256_max_ps(y1, _mm256_setzero_ps());
    }
    _mm256_maskstore_ps(out, m0, y0);
    _mm256_maskstore_ps(out + 8, m1, y1);
  }
}

/// Rows `[begin, end)` of one half panel, six at a time, then the remaining one to five.
__attribute__((target("avx2,fma"))) static void smr_half_panel_avx2(
    const float *a, long rs, long ks, const float *half, long k, float *out, long ldc, long begin, long end, __m256i m0,
    __m256i m1, const float *bias, int mode) {
  long i = begin;
  for (; i + 6 <= end; i += 6) smr_half_rows_avx2(6, a + i * rs, rs, ks, half, k, out + i * ldc, ldc, m0, m1, bias, mode);
  switch (end - i) {
#define SMR_REST(R) case R: smr_half_rows_avx2(R, a + i * rs, rs, ks, half, k, out + i * ldc, ldc, m0, m1, bias, mode); break;
    SMR_REST(1) SMR_REST(2) SMR_REST(3) SMR_REST(4) SMR_REST(5)
#undef SMR_REST
    default: break;
  }
}

__attribute__((target("avx2,fma"))) void smr_packed_gemm_avx2_blocked(
    const float *a, long rs, long ks, const float *packed, long m, long n, long k_total, long k_start, long k,
    float *c, long ldc, long panel_begin, long panel_end, const float *bias, int mode) {
  for (long block = 0; block < m; block += 256) {
    long block_end = block + 256 < m ? block + 256 : m;
    for (long p = panel_begin; p < panel_end; p++) {
      const float *panel = packed + (p * k_total + k_start) * SMR_PANEL;
      long columns = n - p * SMR_PANEL < SMR_PANEL ? n - p * SMR_PANEL : SMR_PANEL;
      for (long h = 0; h < 2 && columns > 16 * h; h++) {
        long width = columns - 16 * h < 16 ? columns - 16 * h : 16;
        __m256i m0 = smr_gemm_mask8(width < 8 ? width : 8), m1 = smr_gemm_mask8(width > 8 ? width - 8 : 0);
        long column0 = p * SMR_PANEL + 16 * h;
        smr_half_panel_avx2(a, rs, ks, panel + 16 * h, k, c + column0, ldc, block, block_end, m0, m1,
                            bias ? bias + column0 : 0, mode);
      }
    }
  }
}
#endif
