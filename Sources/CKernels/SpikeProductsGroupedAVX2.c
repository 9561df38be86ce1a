#include "CKernels.h"
#include "Kernels.h"

#if SMR_HAVE_AVX2_PATHS
#include <immintrin.h>

// The time-grouped weight gradient (SpikeProductsGrouped.c) on AVX2 + FMA, in the documented order of the scalar
// and AVX-512 paths, so all three agree bit for bit. For 2–4 groups it is the AVX-512 kernel's scheme with 8-lane
// vectors: every token's union and per-entry row bits found once, column slabs of 32 outside and tokens inside,
// a token's gradient rows loaded once per slab, and on spikes one row of the token's subset-sum table added per
// union entry (a load, an add and a store per vector instead of `groups` fused multiply-adds: on AMD Zen 1, one
// 256-bit FMA a cycle, the FMAs were the bound). Other group counts take one union at a time (`smr_grouped_gradient_avx2`).

/// Lanes `[0, count)` of an 8-lane mask (count in 0...8).
__attribute__((target("avx2,fma"))) static inline __m256i smr_grouped_mask8(long count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Token b's union of active inputs over its rows `b + t·q` (increasing), with per entry the bit set of its active
/// rows (bit t); clears `*binary` when an input of the token is neither 0 nor 1. Returns the count.
__attribute__((target("avx2,fma"))) static long smr_group_union_masks_avx2(const float *a, long lda, long b, long q,
                                                                          long groups, long k, int32_t *idx,
                                                                          int32_t *masks, int *binary) {
  long count = 0;
  __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f), other = _mm256_setzero_ps();
  for (long i = 0; i < k; i += 8) {
    __m256i valid = smr_grouped_mask8(k - i < 8 ? k - i : 8);  // lanes past k load 0: inactive
    __m256 active = _mm256_setzero_ps();
    __m256i bits = _mm256_setzero_si256();
    for (long t = 0; t < groups; t++) {
      __m256 x = _mm256_maskload_ps(a + (b + t * q) * lda + i, valid);
      __m256 on = _mm256_cmp_ps(x, zero, _CMP_NEQ_UQ);
      other = _mm256_or_ps(other, _mm256_and_ps(on, _mm256_cmp_ps(x, one, _CMP_NEQ_UQ)));
      bits = _mm256_or_si256(bits, _mm256_and_si256(_mm256_castps_si256(on), _mm256_set1_epi32(1 << t)));
      active = _mm256_or_ps(active, on);
    }
    unsigned set = (unsigned)_mm256_movemask_ps(active);
    if (!set) continue;
    int32_t lane[8];
    _mm256_storeu_si256((__m256i *)lane, bits);
    for (; set; set &= set - 1) {
      int j = __builtin_ctz(set);
      idx[count] = (int32_t)(i + j);
      masks[count++] = lane[j];
    }
  }
  if (_mm256_movemask_ps(other)) *binary = 0;
  return count;
}

/// One token's gradient on columns [c0, c0 + 8·vectors) for `G` rows (G ≤ 4, vectors ≤ 4: constants after
/// inlining). `g`'s last vector is loaded under `last`; `dwt` rows are written whole (the caller pads them).
__attribute__((target("avx2,fma"), always_inline)) static inline void smr_grouped_gradient_chunk_avx2(
    int G, int vectors, const float *g, long ldg, const float *a, long lda, long b, long q, const int32_t *idx,
    const int32_t *masks, int binary, long count, float *dwt, long n, long c0, __m256i last) {
  __m256 gv[4][4];
  for (int t = 0; t < G; t++)
    for (int v = 0; v < vectors; v++) {
      const float *src = g + (b + t * q) * ldg + c0 + 8 * v;
      gv[t][v] = v == vectors - 1 ? _mm256_maskload_ps(src, last) : _mm256_loadu_ps(src);
    }
  if (binary) {
    __m256 table[16][4];
    for (int v = 0; v < vectors; v++) table[0][v] = _mm256_setzero_ps();
    for (int m = 1; m < (1 << G); m++) {
      int top = 31 - __builtin_clz((unsigned)m);
      for (int v = 0; v < vectors; v++) table[m][v] = _mm256_add_ps(table[m & ~(1 << top)][v], gv[top][v]);
    }
    for (long e = 0; e < count; e++) {
      float *row = dwt + (long)idx[e] * n + c0;
      const __m256 *sum = table[masks[e]];
      for (int v = 0; v < vectors; v++) _mm256_storeu_ps(row + 8 * v, _mm256_add_ps(_mm256_loadu_ps(row + 8 * v), sum[v]));
    }
    return;
  }
  for (long e = 0; e < count; e++) {
    float *row = dwt + (long)idx[e] * n + c0;
    __m256 sum[4];
    for (int v = 0; v < vectors; v++) sum[v] = _mm256_setzero_ps();
    for (int t = 0; t < G; t++) {
      __m256 x = _mm256_set1_ps(a[(b + t * q) * lda + idx[e]]);
      for (int v = 0; v < vectors; v++) sum[v] = _mm256_fmadd_ps(x, gv[t][v], sum[v]);
    }
    for (int v = 0; v < vectors; v++) _mm256_storeu_ps(row + 8 * v, _mm256_add_ps(_mm256_loadu_ps(row + 8 * v), sum[v]));
  }
}

__attribute__((target("avx2,fma"))) void smr_grouped_gradient_slabs_avx2(
    const float *g, long ldg, const float *a, long lda, long q, long groups, long k, long n, float *dwt, long ldd,
    long *offsets, int32_t *unions, int32_t *masks, unsigned char *binary) {
  offsets[0] = 0;
  for (long b = 0; b < q; b++) {
    int flag = 1;
    offsets[b + 1] = offsets[b] + smr_group_union_masks_avx2(a, lda, b, q, groups, k, unions + offsets[b], masks + offsets[b], &flag);
    binary[b] = (unsigned char)flag;
  }
  for (long c0 = 0; c0 < n; c0 += 32) {
    long width = n - c0 < 32 ? n - c0 : 32;
    int vectors = (int)((width + 7) / 8);
    __m256i last = smr_grouped_mask8(width - 8 * (vectors - 1));
    for (long b = 0; b < q; b++) {
      const int32_t *list = unions + offsets[b], *bits = masks + offsets[b];
      long count = offsets[b + 1] - offsets[b];
      switch (groups * 8 + vectors) {
#define SMR_CHUNK(G, V) case G * 8 + V: smr_grouped_gradient_chunk_avx2(G, V, g, ldg, a, lda, b, q, list, bits, binary[b], count, dwt, ldd, c0, last); break;
        SMR_CHUNK(2, 1) SMR_CHUNK(2, 2) SMR_CHUNK(2, 3) SMR_CHUNK(2, 4)
        SMR_CHUNK(3, 1) SMR_CHUNK(3, 2) SMR_CHUNK(3, 3) SMR_CHUNK(3, 4)
        SMR_CHUNK(4, 1) SMR_CHUNK(4, 2) SMR_CHUNK(4, 3) SMR_CHUNK(4, 4)
#undef SMR_CHUNK
      }
    }
  }
}

__attribute__((target("avx2,fma"))) void smr_grouped_gradient_avx2(
    const float *g, long ldg, const float *a, long lda, long q, long groups, long k, long n, float *dwt, int32_t *idx) {
  long full = n / 8 * 8;
  __m256i last = smr_grouped_mask8(n - full);
  for (long b = 0; b < q; b++) {
    long count = smr_group_union(a, lda, b, q, groups, k, idx);
    for (long c0 = 0; c0 < full; c0 += 32) {
      long end = c0 + 32 < full ? c0 + 32 : full;
      for (long e = 0; e < count; e++) {
        float *row = dwt + (long)idx[e] * n;
        for (long c = c0; c < end; c += 8) {
          __m256 sum = _mm256_setzero_ps();
          for (long t = 0; t < groups; t++)
            sum = _mm256_fmadd_ps(_mm256_set1_ps(a[(b + t * q) * lda + idx[e]]), _mm256_loadu_ps(g + (b + t * q) * ldg + c), sum);
          _mm256_storeu_ps(row + c, _mm256_add_ps(_mm256_loadu_ps(row + c), sum));
        }
      }
    }
    if (full == n) continue;
    for (long e = 0; e < count; e++) {
      float *row = dwt + (long)idx[e] * n + full;
      __m256 sum = _mm256_setzero_ps();
      for (long t = 0; t < groups; t++)
        sum = _mm256_fmadd_ps(_mm256_set1_ps(a[(b + t * q) * lda + idx[e]]), _mm256_maskload_ps(g + (b + t * q) * ldg + full, last), sum);
      _mm256_maskstore_ps(row, last, _mm256_add_ps(_mm256_maskload_ps(row, last), sum));
    }
  }
}
#endif
