#include "CKernels.h"
#include "Kernels.h"

#if SMR_HAVE_AVX2_PATHS
#include <immintrin.h>

// AVX2 + FMA (x86 without AVX-512F: most laptops): the same per-output order of fused multiply-adds as the
// AVX-512 kernel (blocks of 256 inputs, a block's sum added to the running total), 8 outputs per vector, so
// the two paths agree bit for bit; the active inputs are found 8 at a time by a compare, a mask and a 16-entry
// table of lane indices (no compress instruction).

/// Lanes `[0, tail)` of an 8-lane mask (tail in 1...8).
__attribute__((target("avx2,fma"))) static inline __m256i smr_mask8(long tail) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)tail), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Set lanes of each 4-bit mask, packed low (lane j of entry m in byte j): the index compression without a
/// compress instruction (and without `pdep`, microcoded on AMD Zen 1 and 2).
static const uint32_t smr_lanes4[16] = {0, 0, 1, 0x0100, 2, 0x0200, 0x0201, 0x020100,
                                        3, 0x0300, 0x0301, 0x030100, 0x0302, 0x030200, 0x030201, 0x03020100};

/// `smr_active_indices` plus `offset` (the inputs `offset + i` with `a[i] ≠ 0`, increasing), 8 inputs per compare;
/// writes up to 3 entries past the count (`indices` holds k + 4).
__attribute__((target("avx2,fma,popcnt"))) static long smr_active_indices_avx2(const float *a, long k, int32_t *indices,
                                                                               int32_t offset) {
  long count = 0;
  for (long i = 0; i < k; i += 8) {
    __m256i valid = smr_mask8(k - i < 8 ? k - i : 8);  // lanes past k load 0: inactive
    __m256 on = _mm256_cmp_ps(_mm256_maskload_ps(a + i, valid), _mm256_setzero_ps(), _CMP_NEQ_UQ);
    unsigned set = (unsigned)_mm256_movemask_ps(on);
    if (!set) continue;
    __m128i base = _mm_set1_epi32(offset + (int32_t)i);
    for (int half = 0; half < 2; half++, set >>= 4) {
      unsigned m = set & 15;
      __m128i lanes = _mm_cvtepu8_epi32(_mm_cvtsi32_si128((int)smr_lanes4[m]));
      _mm_storeu_si128((__m128i *)(indices + count), _mm_add_epi32(base, _mm_add_epi32(lanes, _mm_set1_epi32(4 * half))));
      count += __builtin_popcount(m);
    }
  }
  return count;
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
      count += smr_active_indices_avx2(ar + b * 256, end - b * 256, idx + count, (int32_t)(b * 256));
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
    long count = smr_active_indices_avx2(ar, k, idx, 0);
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
