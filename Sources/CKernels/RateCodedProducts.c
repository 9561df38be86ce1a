#include <stdlib.h>
#include <string.h>

#include "CKernels.h"
#include "Kernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define SMR_HAVE_AVX512 1
#else
#define SMR_HAVE_AVX512 0
#endif
/// The stride of a row's codes in a plan's values: whole vectors of 16.
#define SMR_ROUND16(k) (((k) + 15) & ~15L)

// Products of a weight with the SNN-DT's rate code (MODELS.md §3.1): the input of the Q/K/V neurons at step t is
// code_t(x) = σ(s·(clamp(x, 0, 1)·T − t)), a different real vector at every step, so a dense product costs T
// products. But every x ≤ 0 has the same code lo_t = code_t(0), and every x ≥ 1 the same hi_t = code_t(1): with
// S = Σ_i W[:, i] (the weight's column sums, fixed) and S_hi = Σ_{x_i ≥ 1} W[:, i] (plain sums, once for all steps),
//   W·code_t(x) = lo_t·S + (hi_t − lo_t)·S_hi + Σ_{0 < x_i < 1} (code_t(x_i) − lo_t)·W[:, i],
// and only the inputs strictly inside (0, 1) cost multiply-adds; those at or below 0 cost nothing. The steps go in
// groups of four (each weight row loaded once per group, the group's outputs in registers). In the group of steps
// [t0, t1), an input whose code is exactly 1 at every step up to t1 − 1 (x·T ≳ t1 + 0.7 for s = 10) joins
// H_g = Σ W[:, i] of those inputs (coefficient 1 − lo_t; H grows as the groups run from the last to the first, each
// row added once), one whose code − lo_t is below SMR_RATE_NEGLIGIBLE (2^-24) in magnitude at every step of the
// group is dropped (x·T ≲ t0 − 1.6), and only the rest, the group's band, costs multiply-adds:
//   W·code_t(x) = lo_t·S + (hi_t − lo_t)·S_hi + (1 − lo_t)·H_g + Σ_band (code_t(x_i) − lo_t)·W[:, i].
// For T = 4 nothing is held or dropped; for T = 8 about a third of the multiply-adds go.
// This is the dense product's value up to rounding (the sums are grouped differently and each dropped term is below
// 2^-24·|W[c, i]|), not bit for bit.
#define SMR_RATE_NEGLIGIBLE 0x1p-24f

#if SMR_HAVE_AVX512
/// The classification of one row by compress into registers (a compress to memory is microcoded on AMD Zen 4);
/// lists need 16 slack entries. Returns the sizes in `sizes` (lo, hi, live).
__attribute__((target("avx512f"))) static void smr_rate_classify_avx512(const float *xr, long k, int32_t *lo_idx,
                                                                        int32_t *hi_idx, int32_t *live_idx,
                                                                        float *live_x, long *sizes) {
  long lo = 0, hi = 0, live = 0;
  const __m512i lanes = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  for (long i = 0; i < k; i += 16) {
    __mmask16 valid = k - i >= 16 ? 0xFFFF : (__mmask16)((1u << (k - i)) - 1);
    __m512 v = _mm512_maskz_loadu_ps(valid, xr + i);
    __mmask16 positive = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ);  // NaN: not positive
    __mmask16 is_lo = valid & ~positive;
    __mmask16 is_hi = valid & _mm512_cmp_ps_mask(v, _mm512_set1_ps(1.0f), _CMP_GE_OQ);
    __mmask16 is_live = valid & positive & ~is_hi;
    __m512i index = _mm512_add_epi32(_mm512_set1_epi32((int)i), lanes);
    _mm512_storeu_si512((void *)(lo_idx + lo), _mm512_maskz_compress_epi32(is_lo, index));
    _mm512_storeu_si512((void *)(hi_idx + hi), _mm512_maskz_compress_epi32(is_hi, index));
    _mm512_storeu_si512((void *)(live_idx + live), _mm512_maskz_compress_epi32(is_live, index));
    _mm512_storeu_ps(live_x + live, _mm512_maskz_compress_ps(is_live, v));
    lo += __builtin_popcount((unsigned)is_lo);
    hi += __builtin_popcount((unsigned)is_hi);
    live += __builtin_popcount((unsigned)is_live);
  }
  sizes[0] = lo, sizes[1] = hi, sizes[2] = live;
}
#endif

/// The portable classification (the same lists): branch-free, every list written, only the right cursor moves.
static void smr_rate_classify(const float *xr, long k, int32_t *lo_idx, int32_t *hi_idx, int32_t *live_idx,
                              float *live_x, long *sizes) {
  long lo = 0, hi = 0, live = 0;
  for (long i = 0; i < k; i++) {
    float v = xr[i];
    int is_lo = !(v > 0.0f), is_hi = v >= 1.0f;  // NaN clamps to 0, as in smr_rate_value
    lo_idx[lo] = hi_idx[hi] = live_idx[live] = (int32_t)i;
    live_x[live] = v;
    lo += is_lo;
    hi += is_hi;
    live += !is_lo & !is_hi;
  }
  sizes[0] = lo, sizes[1] = hi, sizes[2] = live;
}

/// The codes of a row's rest, `values[t·k16 + i] = code_t(live_x[i]) − lo_t`, whole vectors only (a scalar
/// remainder of sigmoids costs as much as the vectors): the padding's codes go to the row's slack, never read;
/// `top[t] = 1 − lo_t`, a saturated input's value.
SMR_DISPATCH
static void smr_rate_codes(float *live_x, long live, long k, long steps, float sharpness, float *values, float *top) {
  const float window = (float)steps;
  long padded = (live + 15) & ~15L;
  for (long i = live; i < padded; i++) live_x[i] = 0.0f;
  for (long t = 0; t < steps; t++) {
    float lo_t = smr_rate_value(0.0f, window, (float)t, sharpness);
    top[t] = 1.0f - lo_t;  // a saturated input's value, computed as the codes are
    float *v = values + t * SMR_ROUND16(k);
    for (long i = 0; i < padded; i++) v[i] = smr_rate_value(live_x[i], window, (float)t, sharpness) - lo_t;
  }
}

/// Per step t and block b of 16 live inputs (`steps × blocks` masks each): `held` — saturated at every step up
/// to t (code exactly `top[t]`), `large` — `|code| > SMR_RATE_NEGLIGIBLE`.
static void smr_rate_masks_portable(const float *values, long live, long k, long steps, const float *top,
                                    uint16_t *held, uint16_t *large) {
  long blocks = (live + 15) / 16, k16 = SMR_ROUND16(k);
  for (long t = 0; t < steps; t++)
    for (long b = 0; b < blocks; b++) {
      unsigned eq = 0, big = 0;
      for (long lane = 0; lane < 16 && 16 * b + lane < live; lane++) {
        float code = values[t * k16 + 16 * b + lane];
        eq |= (unsigned)(code == top[t]) << lane;
        big |= (unsigned)(code > SMR_RATE_NEGLIGIBLE || code < -SMR_RATE_NEGLIGIBLE) << lane;
      }
      held[t * blocks + b] = (uint16_t)(eq & (t > 0 ? held[(t - 1) * blocks + b] : 0xFFFFu));
      large[t * blocks + b] = (uint16_t)big;
    }
}

#if SMR_HAVE_AVX512
/// smr_rate_masks_portable with mask compares (the same masks).
__attribute__((target("avx512f"))) static void smr_rate_masks_avx512(const float *values, long live, long k,
                                                                      long steps, const float *top, uint16_t *held,
                                                                      uint16_t *large) {
  long blocks = (live + 15) / 16, k16 = SMR_ROUND16(k);
  const __m512 eps = _mm512_set1_ps(SMR_RATE_NEGLIGIBLE);
  for (long t = 0; t < steps; t++) {
    __m512 one = _mm512_set1_ps(top[t]);
    for (long b = 0; b < blocks; b++) {
      __mmask16 valid = live - 16 * b >= 16 ? 0xFFFF : (__mmask16)((1u << (live - 16 * b)) - 1);
      __m512 v = _mm512_maskz_loadu_ps(valid, values + t * k16 + 16 * b);
      __mmask16 eq = _mm512_mask_cmp_ps_mask(valid, v, one, _CMP_EQ_OQ);
      __mmask16 big = _mm512_mask_cmp_ps_mask(valid, _mm512_abs_ps(v), eps, _CMP_GT_OQ);
      held[t * blocks + b] = (uint16_t)(eq & (t > 0 ? held[(t - 1) * blocks + b] : 0xFFFFu));
      large[t * blocks + b] = (uint16_t)big;
    }
  }
}
#endif

#if SMR_HAVE_AVX512
/// The kept inputs of block b appended to a group's band at `band` (indices and, per step of [t0, t1), codes) by
/// compress into registers, then whole-vector stores (band ≤ 16·b, so a store ends inside block b, already
/// loaded); returns the new band size.
__attribute__((target("avx512f"))) static long smr_rate_keep_avx512(const int32_t *live_idx, long b, uint16_t keep,
                                                                     long t0, long t1, long k16, float *values,
                                                                     int32_t *si, long band) {
  __m512i index = _mm512_maskz_loadu_epi32(keep, live_idx + 16 * b);
  _mm512_storeu_si512((void *)(si + band), _mm512_maskz_compress_epi32(keep, index));
  for (long t = t0; t < t1; t++) {
    __m512 v = _mm512_maskz_loadu_ps(keep, values + t * k16 + 16 * b);
    _mm512_storeu_ps(values + t * k16 + band, _mm512_maskz_compress_ps(keep, v));
  }
  return band + __builtin_popcount((unsigned)keep);
}
#endif

/// The per-group lists of a row (see smr_rate_plan) from the codes of its `live` inputs (`values`, the row's
/// `steps × k16` codes, compacted here group by group): for the group of steps [t0, t1), the inputs held (saturated
/// at every step up to t1 − 1) are left out, as are those negligible at every step of the group; the others, the
/// band, keep their codes at every step of the group; after the band, the inputs held through this group and not
/// through the next. `scratch` holds `2·steps·blocks` masks.
static void smr_rate_groups(const int32_t *live_idx, long live, long k, long steps, const float *top, float *values,
                            int32_t *step_indices, int32_t *step_counts, uint16_t *scratch) {
  long blocks = (live + 15) / 16, k16 = SMR_ROUND16(k), groups = (steps + SMR_RATE_GROUP - 1) / SMR_RATE_GROUP;
  uint16_t *held = scratch, *large = scratch + steps * blocks;
#if SMR_HAVE_AVX512
  if (smr_avx512_available())
    smr_rate_masks_avx512(values, live, k, steps, top, held, large);
  else
#endif
    smr_rate_masks_portable(values, live, k, steps, top, held, large);
  for (long g = 0; g < groups; g++) {
    long t0 = g * SMR_RATE_GROUP, t1 = t0 + SMR_RATE_GROUP < steps ? t0 + SMR_RATE_GROUP : steps;
    int32_t *si = step_indices + g * k16;
    long band = 0, ended = 0;
    for (long b = 0; b < blocks; b++) {
      unsigned valid = live - 16 * b >= 16 ? 0xFFFFu : (1u << (live - 16 * b)) - 1;
      unsigned any = 0;
      for (long t = t0; t < t1; t++) any |= large[t * blocks + b];
      unsigned keep = valid & ~(unsigned)held[(t1 - 1) * blocks + b] & any;
#if SMR_HAVE_AVX512
      if (smr_avx512_available()) {
        band = smr_rate_keep_avx512(live_idx, b, (uint16_t)keep, t0, t1, k16, values, si, band);
        continue;
      }
#endif
      for (; keep; keep &= keep - 1) {
        long i = 16 * b + __builtin_ctz(keep);
        for (long t = t0; t < t1; t++) values[t * k16 + band] = values[t * k16 + i];  // band ≤ i: in place
        si[band++] = live_idx[i];
      }
    }
    for (long b = 0; b < blocks; b++) {
      unsigned next = t1 < steps ? held[((t1 + SMR_RATE_GROUP < steps ? t1 + SMR_RATE_GROUP : steps) - 1) * blocks + b] : 0;
      for (unsigned ends = held[(t1 - 1) * blocks + b] & ~next; ends; ends &= ends - 1)
        si[band + ended++] = live_idx[16 * b + __builtin_ctz(ends)];
    }
    step_counts[2 * g] = (int32_t)band;
    step_counts[2 * g + 1] = (int32_t)ended;
  }
}

void smr_rate_plan(const float *x, long rows, long k, long steps, float sharpness, int32_t *indices, int32_t *counts,
                   float *values, int32_t *step_indices, int32_t *step_counts, int32_t *scratch) {
  int32_t *lo_idx = scratch, *hi_idx = scratch + (k + 16), *live_idx = scratch + 2 * (k + 16);
  float *live_x = (float *)(scratch + 3 * (k + 16));  // SMR_ROUND16(k) + 16 values
  uint16_t *masks = (uint16_t *)(scratch + 4 * (k + 16));  // 2 · steps · k16/16 masks
  float top[256];
  if (steps < 1 || steps > 256) return;
  for (long r = 0; r < rows; r++) {
    long sizes[3];
#if SMR_HAVE_AVX512
    if (smr_avx512_available())
      smr_rate_classify_avx512(x + r * k, k, lo_idx, hi_idx, live_idx, live_x, sizes);
    else
#endif
      smr_rate_classify(x + r * k, k, lo_idx, hi_idx, live_idx, live_x, sizes);
    long lo = sizes[0], hi = sizes[1], live = sizes[2];
    int32_t *idx = indices + r * k;
    memcpy(idx, lo_idx, sizeof(int32_t) * (size_t)lo);
    memcpy(idx + lo, hi_idx, sizeof(int32_t) * (size_t)hi);
    memcpy(idx + lo + hi, live_idx, sizeof(int32_t) * (size_t)live);
    counts[2 * r] = (int32_t)lo;
    counts[2 * r + 1] = (int32_t)hi;
    float *row_values = values + r * steps * SMR_ROUND16(k);
    smr_rate_codes(live_x, live, k, steps, sharpness, row_values, top);
    long groups = (steps + SMR_RATE_GROUP - 1) / SMR_RATE_GROUP;
    smr_rate_groups(live_idx, live, k, steps, top, row_values, step_indices + r * groups * SMR_ROUND16(k),
                    step_counts + 2 * r * groups, masks);
  }
}

/// The scalar path: the AVX-512 path's order of operations, one column at a time (vectorised over columns).
/// S_hi is two sums, over the class's even and odd positions, then added (two chains hide the add's latency in
/// the vector path); the groups run from the last to the first, H growing by the inputs held through the group.
static int smr_rate_gemm_scalar(const int32_t *indices, const int32_t *counts, const float *values,
                                const int32_t *step_indices, const int32_t *step_counts, long rows, long k, long steps,
                                const float *lo_code, const float *rise, const float *sat, const float *wt,
                                const float *wsum, long n, const float *bias, float *y, long ldy, long ldt) {
  float *scratch = malloc(sizeof(float) * (size_t)(n * 4));
  if (!scratch) return -1;
  float *even = scratch, *odd = scratch + n, *high = scratch + 2 * n, *acc = scratch + 3 * n;
  long k16 = SMR_ROUND16(k), groups = (steps + SMR_RATE_GROUP - 1) / SMR_RATE_GROUP;
  for (long r = 0; r < rows; r++) {
    const int32_t *idx = indices + r * k;
    long lo = counts[2 * r], hi = counts[2 * r + 1];
    for (long c = 0; c < 3 * n; c++) scratch[c] = 0.0f;
    for (long i = 0; i < hi; i++) {
      float *sum = (i & 1) ? odd : even;
      for (long c = 0; c < n; c++) sum[c] = sum[c] + wt[(long)idx[lo + i] * n + c];
    }
    for (long c = 0; c < n; c++) even[c] = even[c] + odd[c];
    for (long g = groups - 1; g >= 0; g--) {
      const int32_t *si = step_indices + (r * groups + g) * k16;
      long band = step_counts[2 * (r * groups + g)], ended = step_counts[2 * (r * groups + g) + 1];
      for (long j = 0; j < ended; j++)
        for (long c = 0; c < n; c++) high[c] = high[c] + wt[(long)si[band + j] * n + c];
      long t1 = (g + 1) * SMR_RATE_GROUP < steps ? (g + 1) * SMR_RATE_GROUP : steps;
      for (long t = g * SMR_RATE_GROUP; t < t1; t++) {
        const float *codes = values + (r * steps + t) * k16;
        for (long c = 0; c < n; c++) acc[c] = 0.0f;
        for (long j = 0; j < band; j++)
          for (long c = 0; c < n; c++) acc[c] = __builtin_fmaf(codes[j], wt[(long)si[j] * n + c], acc[c]);
        float *out = y + t * ldt + r * ldy;
        for (long c = 0; c < n; c++)
          out[c] = __builtin_fmaf(lo_code[t], wsum[c], __builtin_fmaf(rise[t], even[c], __builtin_fmaf(sat[t], high[c], acc[c])));
        if (bias)  // a loop of its own: a test per element would become masked loads from a null pointer
          for (long c = 0; c < n; c++) out[c] = out[c] + bias[c];
      }
    }
  }
  free(scratch);
  return SMR_PATH_SCALAR;
}

#if SMR_HAVE_AVX512
/// One row, steps [t0, t0 + G), columns [c0, c0 + 16·V) (G, V ≤ 4, constants after inlining): the band's
/// multiply-adds in registers, then the constant classes' terms, the held inputs' and the bias.
__attribute__((target("avx512f"), always_inline)) static inline void smr_rate_steps_avx512(
    int G, int V, const int32_t *band_idx, long band, const float *codes, long k, long t0, const float *lo_code,
    const float *rise, const float *sat, const __m512 *s_hi, const __m512 *high, const float *wt, const float *wsum,
    long n, long c0, __mmask16 last, const float *bias, float *y, long ldt) {
  __m512 acc[4][4];
  for (int g = 0; g < G; g++)
    for (int v = 0; v < V; v++) acc[g][v] = _mm512_setzero_ps();
  for (long i = 0; i < band; i++) {
    const float *row = wt + (long)band_idx[i] * n + c0;
    __m512 w[4];
    for (int v = 0; v < V; v++) w[v] = _mm512_maskz_loadu_ps(v == V - 1 ? last : 0xFFFF, row + 16 * v);
    for (int g = 0; g < G; g++) {
      __m512 code = _mm512_set1_ps(codes[(t0 + g) * SMR_ROUND16(k) + i]);
      for (int v = 0; v < V; v++) acc[g][v] = _mm512_fmadd_ps(code, w[v], acc[g][v]);
    }
  }
  for (int g = 0; g < G; g++) {
    __m512 lo = _mm512_set1_ps(lo_code[t0 + g]), up = _mm512_set1_ps(rise[t0 + g]), top = _mm512_set1_ps(sat[t0 + g]);
    for (int v = 0; v < V; v++) {
      __mmask16 m = v == V - 1 ? last : 0xFFFF;
      __m512 total = _mm512_maskz_loadu_ps(m, wsum + c0 + 16 * v);
      __m512 out = _mm512_fmadd_ps(lo, total, _mm512_fmadd_ps(up, s_hi[v], _mm512_fmadd_ps(top, high[v], acc[g][v])));
      if (bias) out = _mm512_add_ps(out, _mm512_maskz_loadu_ps(m, bias + c0 + 16 * v));
      _mm512_mask_storeu_ps(y + (t0 + g) * ldt + c0 + 16 * v, m, out);
    }
  }
}

/// One row, columns [c0, c0 + 16·V): S_hi (even and odd positions in two chains, then added), then the groups
/// from the last to the first, H growing by the rows of the inputs held through the group.
__attribute__((target("avx512f"), always_inline)) static inline void smr_rate_chunk_avx512(
    int V, const int32_t *idx, long lo, long hi, const float *codes, const int32_t *step_indices,
    const int32_t *step_counts, long k, long steps, const float *lo_code, const float *rise, const float *sat,
    const float *wt, const float *wsum, long n, long c0, __mmask16 last, const float *bias, float *y, long ldt) {
  __m512 even[4], odd[4], s_hi[4], high[4];
  for (int v = 0; v < V; v++) even[v] = odd[v] = high[v] = _mm512_setzero_ps();
  const int32_t *hi_idx = idx + lo;
  long i = 0;
  for (; i + 1 < hi; i += 2) {
    const float *a = wt + (long)hi_idx[i] * n + c0, *b = wt + (long)hi_idx[i + 1] * n + c0;
    for (int v = 0; v < V; v++) {
      __mmask16 m = v == V - 1 ? last : 0xFFFF;
      even[v] = _mm512_add_ps(even[v], _mm512_maskz_loadu_ps(m, a + 16 * v));
      odd[v] = _mm512_add_ps(odd[v], _mm512_maskz_loadu_ps(m, b + 16 * v));
    }
  }
  if (i < hi)
    for (int v = 0; v < V; v++)
      even[v] = _mm512_add_ps(even[v], _mm512_maskz_loadu_ps(v == V - 1 ? last : 0xFFFF, wt + (long)hi_idx[i] * n + c0 + 16 * v));
  for (int v = 0; v < V; v++) s_hi[v] = _mm512_add_ps(even[v], odd[v]);
  long k16 = SMR_ROUND16(k), groups = (steps + SMR_RATE_GROUP - 1) / SMR_RATE_GROUP;
  for (long g = groups - 1; g >= 0; g--) {
    const int32_t *si = step_indices + g * k16;
    long band = step_counts[2 * g], ended = step_counts[2 * g + 1];
    for (long j = 0; j < ended; j++) {
      const float *row = wt + (long)si[band + j] * n + c0;
      for (int v = 0; v < V; v++) high[v] = _mm512_add_ps(high[v], _mm512_maskz_loadu_ps(v == V - 1 ? last : 0xFFFF, row + 16 * v));
    }
    long t0 = g * SMR_RATE_GROUP;
    switch (steps - t0 < SMR_RATE_GROUP ? steps - t0 : SMR_RATE_GROUP) {
#define SMR_STEPS(G) case G: smr_rate_steps_avx512(G, V, si, band, codes, k, t0, lo_code, rise, sat, s_hi, high, wt, wsum, n, c0, last, bias, y, ldt); break;
      SMR_STEPS(1) SMR_STEPS(2) SMR_STEPS(3) SMR_STEPS(4)
#undef SMR_STEPS
    }
  }
}

__attribute__((target("avx512f"))) static void smr_rate_gemm_avx512(
    const int32_t *indices, const int32_t *counts, const float *values, const int32_t *step_indices,
    const int32_t *step_counts, long rows, long k, long steps, const float *lo_code, const float *rise,
    const float *sat, const float *wt, const float *wsum, long n, const float *bias, float *y, long ldy, long ldt) {
  long k16 = SMR_ROUND16(k), groups = (steps + SMR_RATE_GROUP - 1) / SMR_RATE_GROUP;
  for (long r = 0; r < rows; r++) {
    for (long c0 = 0; c0 < n; c0 += 64) {
      long width = n - c0 < 64 ? n - c0 : 64;
      int vectors = (int)((width + 15) / 16);
      long tail = width - 16 * (vectors - 1);
      __mmask16 last = tail >= 16 ? 0xFFFF : (__mmask16)((1u << tail) - 1);
      const int32_t *idx = indices + r * k;
      const float *codes = values + r * steps * k16;
      const int32_t *si = step_indices + r * groups * k16, *sc = step_counts + 2 * r * groups;
      float *yr = y + r * ldy;
      switch (vectors) {
#define SMR_CHUNK(V) case V: smr_rate_chunk_avx512(V, idx, counts[2 * r], counts[2 * r + 1], codes, si, sc, k, steps, lo_code, rise, sat, wt, wsum, n, c0, last, bias, yr, ldt); break;
        SMR_CHUNK(1) SMR_CHUNK(2) SMR_CHUNK(3) SMR_CHUNK(4)
#undef SMR_CHUNK
      }
    }
  }
}
#endif

int smr_rate_gemm(const int32_t *indices, const int32_t *counts, const float *values, const int32_t *step_indices,
                  const int32_t *step_counts, long rows, long k, long steps, float sharpness, const float *wt,
                  const float *wsum, long n, const float *bias, float *y, long ldy, long ldt, int path) {
  if (steps < 1 || steps > 256) return -1;
  float lo_code[256], rise[256], sat[256];
  for (long t = 0; t < steps; t++) {
    lo_code[t] = smr_rate_value(0.0f, (float)steps, (float)t, sharpness);
    rise[t] = smr_rate_value(1.0f, (float)steps, (float)t, sharpness) - lo_code[t];
    sat[t] = 1.0f - lo_code[t];
  }
#if SMR_HAVE_AVX512
  if (path != SMR_PATH_SCALAR && smr_avx512_available()) {
    smr_rate_gemm_avx512(indices, counts, values, step_indices, step_counts, rows, k, steps, lo_code, rise, sat, wt,
                         wsum, n, bias, y, ldy, ldt);
    return SMR_PATH_AVX512;
  }
#endif
  return smr_rate_gemm_scalar(indices, counts, values, step_indices, step_counts, rows, k, steps, lo_code, rise, sat,
                              wt, wsum, n, bias, y, ldy, ldt);
}
