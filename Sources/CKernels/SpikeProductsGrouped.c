#include <stdlib.h>
#include <string.h>

#include "CKernels.h"
#include "Kernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define SMR_GROUPED_X86 1
#else
#define SMR_GROUPED_X86 0
#endif

// Time-grouped event-driven products. A spiking layer's input `(T, q, k)` holds the T time steps of the same q
// tokens, and a token's spikes at consecutive steps mostly coincide (measured on the DSFormer's layers: the union
// of a token's active inputs over T = 4 steps is 2.6× smaller than their sum). Visiting each token's union once
// and applying its T rows there loads (and, for the gradient, stores) every weight row once per token instead of
// once per spike. A row inactive at an input of the union contributes a multiply-add by 0.
//
// Forward: every output row still sums its own inputs in increasing k with fused multiply-adds (blocks of 256
// inputs), so the result equals `smr_spike_gemm`'s bit for bit (a product by 0 leaves a finite sum unchanged).
// Gradient: `dwt[j, c]` accumulates over tokens b = 0..<q, for every j in the token's union, the token's sum
// `s = Σ_t a[t·q + b, j]·g[t·q + b, c]` (fused multiply-adds from +0 over t = 0..<T), added once: one documented
// order, the same on every path. On spikes (inputs 0 or 1) `s` is the sum of the token's gradient rows at its
// active steps, in increasing t: the AVX-512 and AVX2 paths add every subset's sum once per token (a table of 2^T rows)
// and then one row of the table per union entry, instead of T multiply-adds (the same values: a product by 0
// adds nothing, by 1 is exact).

static void smr_grouped_gradient_scalar(const float *g, long ldg, const float *a, long lda, long q, long groups, long k,
                                        long n, float *dwt, int32_t *idx) {
  for (long b = 0; b < q; b++) {
    long count = smr_group_union(a, lda, b, q, groups, k, idx);
    for (long e = 0; e < count; e++) {
      float *row = dwt + (long)idx[e] * n;
      for (long c = 0; c < n; c++) {
        float sum = 0.0f;
        for (long t = 0; t < groups; t++) sum = __builtin_fmaf(a[(b + t * q) * lda + idx[e]], g[(b + t * q) * ldg + c], sum);
        row[c] += sum;
      }
    }
  }
}

#if SMR_GROUPED_X86
/// Which of inputs i ..< i + 16 (`valid` lanes) are non-zero in any of token b's rows `b + t·q`.
__attribute__((target("avx512f"), always_inline)) static inline __mmask16 smr_group_active_avx512(
    const float *a, long lda, long b, long q, long groups, long i, __mmask16 valid) {
  __mmask16 active = 0;
  for (long t = 0; t < groups; t++)
    active |= _mm512_mask_cmpneq_ps_mask(valid, _mm512_maskz_loadu_ps(valid, a + (b + t * q) * lda + i), _mm512_setzero_ps());
  return active;
}

/// The active inputs of any of a token's rows, by 16-lane compares and a register compress (see SpikeProducts.c).
__attribute__((target("avx512f"))) static long smr_group_union_avx512(const float *a, long lda, long b, long q,
                                                                       long groups, long begin, long end, int32_t *idx) {
  long count = 0;
  for (long i = begin; i < end; i += 16) {
    __mmask16 valid = end - i >= 16 ? 0xFFFF : (__mmask16)((1u << (end - i)) - 1);
    __mmask16 active = smr_group_active_avx512(a, lda, b, q, groups, i, valid);
    __m512i lanes = _mm512_add_epi32(_mm512_set1_epi32((int)i), _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    _mm512_storeu_si512((void *)(idx + count), _mm512_maskz_compress_epi32(active, lanes));
    count += __builtin_popcount((unsigned)active);
  }
  return count;
}

/// A token's union (as `smr_group_union_avx512`) with, per entry, the bit set of its active rows (bit t: row
/// `b + t·q`); clears `*binary` when an input of the token is neither 0 nor 1.
__attribute__((target("avx512f"))) static long smr_group_union_masks_avx512(const float *a, long lda, long b, long q,
                                                                             long groups, long k, int32_t *idx,
                                                                             int32_t *masks, int *binary) {
  long count = 0;
  for (long i = 0; i < k; i += 16) {
    __mmask16 valid = k - i >= 16 ? 0xFFFF : (__mmask16)((1u << (k - i)) - 1);
    __mmask16 active = 0, other = 0;
    __m512i bits = _mm512_setzero_si512();
    for (long t = 0; t < groups; t++) {
      __m512 x = _mm512_maskz_loadu_ps(valid, a + (b + t * q) * lda + i);
      __mmask16 on = _mm512_mask_cmpneq_ps_mask(valid, x, _mm512_setzero_ps());
      other |= _mm512_mask_cmpneq_ps_mask(on, x, _mm512_set1_ps(1.0f));
      bits = _mm512_mask_or_epi32(bits, on, bits, _mm512_set1_epi32(1 << t));
      active |= on;
    }
    if (other) *binary = 0;
    __m512i lanes = _mm512_add_epi32(_mm512_set1_epi32((int)i), _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    _mm512_storeu_si512((void *)(idx + count), _mm512_maskz_compress_epi32(active, lanes));
    _mm512_storeu_si512((void *)(masks + count), _mm512_maskz_compress_epi32(active, bits));
    count += __builtin_popcount((unsigned)active);
  }
  return count;
}

/// One token's gradient on columns [c0, c0 + 16·vectors) for `G` rows (G ≤ 4 and vectors ≤ 4, constants after
/// inlining: the token's gradient rows stay in registers). Binary inputs add one row of the token's subset-sum
/// table per entry; others sum their G products from +0 (the same values on spikes).
__attribute__((target("avx512f"), always_inline)) static inline void smr_grouped_gradient_chunk(
    int G, int vectors, const float *g, long ldg, const float *a, long lda, long b, long q, const int32_t *idx,
    const int32_t *masks, int binary, long count, float *dwt, long n, long c0, __mmask16 last) {
  __m512 gv[4][4];
  for (int t = 0; t < G; t++)
    for (int v = 0; v < vectors; v++)
      gv[t][v] = _mm512_maskz_loadu_ps(v == vectors - 1 ? last : 0xFFFF, g + (b + t * q) * ldg + c0 + 16 * v);
  if (binary) {
    __m512 table[16][4];
    for (int v = 0; v < vectors; v++) table[0][v] = _mm512_setzero_ps();
    for (int m = 1; m < (1 << G); m++) {
      int top = 31 - __builtin_clz((unsigned)m);
      for (int v = 0; v < vectors; v++) table[m][v] = _mm512_add_ps(table[m & ~(1 << top)][v], gv[top][v]);
    }
    for (long e = 0; e < count; e++) {
      float *row = dwt + (long)idx[e] * n + c0;
      for (int v = 0; v < vectors; v++) {
        __mmask16 m = v == vectors - 1 ? last : 0xFFFF;
        _mm512_mask_storeu_ps(row + 16 * v, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, row + 16 * v), table[masks[e]][v]));
      }
    }
    return;
  }
  for (long e = 0; e < count; e++) {
    float *row = dwt + (long)idx[e] * n + c0;
    __m512 sum[4];
    for (int v = 0; v < vectors; v++) sum[v] = _mm512_setzero_ps();
    for (int t = 0; t < G; t++) {
      __m512 x = _mm512_set1_ps(a[(b + t * q) * lda + idx[e]]);
      for (int v = 0; v < vectors; v++) sum[v] = _mm512_fmadd_ps(x, gv[t][v], sum[v]);
    }
    for (int v = 0; v < vectors; v++) {
      __mmask16 m = v == vectors - 1 ? last : 0xFFFF;
      _mm512_mask_storeu_ps(row + 16 * v, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, row + 16 * v), sum[v]));
    }
  }
}

/// The gradient for 2–4 groups (AVX-512F), given room for every token's union (`offsets` q + 1 longs, `unions` and
/// `masks` q·k + 16 entries). Column slabs of 64 outside, tokens inside: a slab of `dwt` (k × 64) stays in the near
/// caches while every token adds to it, instead of the whole `dwt` streaming through them once per token.
__attribute__((target("avx512f"))) static void smr_grouped_gradient_avx512(
    const float *g, long ldg, const float *a, long lda, long q, long groups, long k, long n, float *dwt, long ldd,
    long *offsets, int32_t *unions, int32_t *masks, unsigned char *binary) {
  offsets[0] = 0;
  for (long b = 0; b < q; b++) {
    int flag = 1;
    offsets[b + 1] = offsets[b] + smr_group_union_masks_avx512(a, lda, b, q, groups, k, unions + offsets[b], masks + offsets[b], &flag);
    binary[b] = (unsigned char)flag;
  }
  for (long c0 = 0; c0 < n; c0 += 64) {
    long width = n - c0 < 64 ? n - c0 : 64;
    int vectors = (int)((width + 15) / 16);
    long tail = width - 16 * (vectors - 1);
    __mmask16 last = tail >= 16 ? 0xFFFF : (__mmask16)((1u << tail) - 1);
    for (long b = 0; b < q; b++) {
      const int32_t *list = unions + offsets[b], *bits = masks + offsets[b];
      long count = offsets[b + 1] - offsets[b];
      switch (groups * 8 + vectors) {
#define SMR_CHUNK(G, V) case G * 8 + V: smr_grouped_gradient_chunk(G, V, g, ldg, a, lda, b, q, list, bits, binary[b], count, dwt, ldd, c0, last); break;
        SMR_CHUNK(2, 1) SMR_CHUNK(2, 2) SMR_CHUNK(2, 3) SMR_CHUNK(2, 4)
        SMR_CHUNK(3, 1) SMR_CHUNK(3, 2) SMR_CHUNK(3, 3) SMR_CHUNK(3, 4)
        SMR_CHUNK(4, 1) SMR_CHUNK(4, 2) SMR_CHUNK(4, 3) SMR_CHUNK(4, 4)
#undef SMR_CHUNK
      }
    }
  }
}

/// One token's outputs on columns [c0, c0 + 16·vectors) for `G` rows (G·vectors ≤ 16 accumulators), one block of
/// inputs: block 0 stores `(bias + Σ) [+ y]`, later blocks add their sum to y — `smr_spike_row_avx512`'s operations.
__attribute__((target("avx512f"), always_inline)) static inline void smr_grouped_block_avx512(
    int G, int vectors, const float *a, long lda, long b, long q, const int32_t *idx, long count, const float *wt,
    long n, long c0, __mmask16 last, const float *bias, float *y, long ldy, int mode, int first) {
  __m512 acc[4][4];
  for (int t = 0; t < G; t++)
    for (int v = 0; v < vectors; v++) acc[t][v] = _mm512_setzero_ps();
  for (long e = 0; e < count; e++) {
    const float *row = wt + (long)idx[e] * n + c0;
    __m512 w[4];
    for (int v = 0; v < vectors; v++) w[v] = _mm512_maskz_loadu_ps(v == vectors - 1 ? last : 0xFFFF, row + 16 * v);
    for (int t = 0; t < G; t++) {
      __m512 x = _mm512_set1_ps(a[(b + t * q) * lda + idx[e]]);
      for (int v = 0; v < vectors; v++) acc[t][v] = _mm512_fmadd_ps(x, w[v], acc[t][v]);
    }
  }
  for (int t = 0; t < G; t++) {
    float *yr = y + (b + t * q) * ldy + c0;
    for (int v = 0; v < vectors; v++) {
      __mmask16 m = v == vectors - 1 ? last : 0xFFFF;
      __m512 total = acc[t][v];
      if (first) {
        if (bias) total = _mm512_add_ps(_mm512_maskz_loadu_ps(m, bias + c0 + 16 * v), total);
        if (mode == SMR_ACCUMULATE_BIAS || mode == SMR_ACCUMULATE) total = _mm512_add_ps(_mm512_maskz_loadu_ps(m, yr + 16 * v), total);
      } else {
        total = _mm512_add_ps(_mm512_maskz_loadu_ps(m, yr + 16 * v), total);
      }
      _mm512_mask_storeu_ps(yr + 16 * v, m, total);
    }
  }
}

__attribute__((target("avx512f"))) static void smr_grouped_gemm_avx512(
    const float *a, long lda, long q, long groups, long k, const float *wt, long n, const float *bias, float *y, long ldy,
    int mode, int32_t *idx) {
  for (long b = 0; b < q; b++) {
    for (long start = 0; start < k || start == 0; start += 256) {
      long end = k - start < 256 ? k : start + 256;
      long count = smr_group_union_avx512(a, lda, b, q, groups, start, end, idx);
      for (long c0 = 0; c0 < n; c0 += 64) {
        long width = n - c0 < 64 ? n - c0 : 64;
        int vectors = (int)((width + 15) / 16);
        long tail = width - 16 * (vectors - 1);
        __mmask16 last = tail >= 16 ? 0xFFFF : (__mmask16)((1u << tail) - 1);
        int first = start == 0;
        switch (groups * 8 + vectors) {
#define SMR_BLOCK(G, V) case G * 8 + V: smr_grouped_block_avx512(G, V, a, lda, b, q, idx, count, wt, n, c0, last, bias, y, ldy, mode, first); break;
          SMR_BLOCK(2, 1) SMR_BLOCK(2, 2) SMR_BLOCK(2, 3) SMR_BLOCK(2, 4)
          SMR_BLOCK(3, 1) SMR_BLOCK(3, 2) SMR_BLOCK(3, 3) SMR_BLOCK(3, 4)
          SMR_BLOCK(4, 1) SMR_BLOCK(4, 2) SMR_BLOCK(4, 3) SMR_BLOCK(4, 4)
#undef SMR_BLOCK
        }
      }
    }
  }
}
#endif

#if SMR_GROUPED_X86
__attribute__((target("avx512f"))) static long smr_group_union_count_avx512(const float *a, long lda, long q, long k, long groups) {
  long count = 0;
  for (long b = 0; b < q; b++)
    for (long i = 0; i < k; i += 16) {
      __mmask16 valid = k - i >= 16 ? 0xFFFF : (__mmask16)((1u << (k - i)) - 1);
      count += __builtin_popcount((unsigned)smr_group_active_avx512(a, lda, b, q, groups, i, valid));
    }
  return count;
}
#endif

long smr_group_union_count(const float *a, long lda, long rows, long k, long groups) {
  if (groups < 1 || rows % groups != 0) return -1;
  long q = rows / groups, count = 0;
#if SMR_GROUPED_X86
  if (smr_avx512_available()) return smr_group_union_count_avx512(a, lda, q, k, groups);
#endif
  for (long b = 0; b < q; b++)
    for (long i = 0; i < k; i++) {
      int active = 0;
      for (long t = 0; t < groups; t++) active |= a[(b + t * q) * lda + i] != 0.0f;
      count += active;
    }
  return count;
}

int smr_spike_gemm_grouped(const float *a, long lda, long rows, long k, const float *wt, long n, const float *bias,
                           float *y, long ldy, int mode, int32_t *scratch, long groups) {
#if SMR_GROUPED_X86
  if (mode == SMR_STORE || mode == SMR_BIAS_RELU) mode = bias ? SMR_BIAS : SMR_STORE;
  if (!bias && mode == SMR_ACCUMULATE_BIAS) mode = SMR_ACCUMULATE;
  if (groups >= 2 && groups <= 4 && rows % groups == 0 && smr_avx512_available()) {
    smr_grouped_gemm_avx512(a, lda, rows / groups, groups, k, wt, n, bias, y, ldy, mode, scratch);
    return SMR_PATH_AVX512;
  }
#endif
  smr_spike_gemm(a, lda, rows, k, wt, n, bias, y, ldy, mode, scratch);
  return SMR_PATH_BEST;
}

/// Runs a slab kernel (2–4 groups; AVX-512 or AVX2) on a copy of `dwt` with row stride n + 16, given room for every
/// token's union; returns 0 when memory is short (the caller then takes a kernel of the same order).
static int smr_grouped_gradient_padded(int avx512, const float *g, long ldg, const float *a, long lda, long q, long groups,
                                       long k, long n, float *dwt) {
  long *offsets = malloc(sizeof(long) * (size_t)(q + 1));
  int32_t *unions = malloc(sizeof(int32_t) * (size_t)(2 * (q * k + 16)));
  unsigned char *binary = malloc((size_t)q);
  // Row stride n + 16: a slab's rows fall in different L1 sets even where n·4 bytes is a multiple of 4 KiB
  // (measured on the DSFormer's D 256 → 1024 layer: 8.9 → 4.0 ms per shard); the AVX2 kernel writes whole
  // vectors into the padding (zeroed, never copied back).
  long ldd = n + 16;
  float *padded = malloc(sizeof(float) * (size_t)(k * ldd));
  int done = offsets && unions && binary && padded;
  if (done) {
    for (long j = 0; j < k; j++) {
      memcpy(padded + j * ldd, dwt + j * n, sizeof(float) * (size_t)n);
      memset(padded + j * ldd + n, 0, sizeof(float) * 16);
    }
#if SMR_GROUPED_X86
    if (avx512)
      smr_grouped_gradient_avx512(g, ldg, a, lda, q, groups, k, n, padded, ldd, offsets, unions, unions + q * k + 16, binary);
#if SMR_HAVE_AVX2_PATHS
    else
      smr_grouped_gradient_slabs_avx2(g, ldg, a, lda, q, groups, k, n, padded, ldd, offsets, unions, unions + q * k + 16, binary);
#endif
#endif
    for (long j = 0; j < k; j++) memcpy(dwt + j * n, padded + j * ldd, sizeof(float) * (size_t)n);
  }
  free(offsets);
  free(unions);
  free(binary);
  free(padded);
  return done;
}

int smr_spike_weight_gradient_grouped(const float *g, long ldg, const float *a, long lda, long rows, long k, long n,
                                      float *dwt, int32_t *scratch, long groups, int path) {
  if (groups <= 1 || rows % groups != 0) {
    smr_spike_weight_gradient(g, ldg, a, lda, rows, k, n, dwt, scratch);
    return SMR_PATH_BEST;
  }
  long q = rows / groups;
#if SMR_GROUPED_X86
  if ((path == SMR_PATH_BEST || path == SMR_PATH_AVX512) && groups <= 4 && smr_avx512_available() &&
      smr_grouped_gradient_padded(1, g, ldg, a, lda, q, groups, k, n, dwt))
    return SMR_PATH_AVX512;
#if SMR_HAVE_AVX2_PATHS
  if (path != SMR_PATH_SCALAR && smr_avx2_available()) {
    if (groups > 4 || !smr_grouped_gradient_padded(0, g, ldg, a, lda, q, groups, k, n, dwt))
      smr_grouped_gradient_avx2(g, ldg, a, lda, q, groups, k, n, dwt, scratch);
    return SMR_PATH_AVX2;
  }
#endif
#endif
  smr_grouped_gradient_scalar(g, ldg, a, lda, q, groups, k, n, dwt, scratch);
  return SMR_PATH_SCALAR;
}
