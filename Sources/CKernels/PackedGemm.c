#include "CKernels.h"
#include "Kernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define SMR_HAVE_PACKED 1
#else
#define SMR_HAVE_PACKED 0
#endif

long smr_packed_size(long n, long k) { return (n + SMR_PANEL - 1) / SMR_PANEL * SMR_PANEL * k; }

void smr_pack_rows(const float *w, long ldw, long n, long k, float scale, float *packed) {
  long panels = (n + SMR_PANEL - 1) / SMR_PANEL;
  for (long p = 0; p < panels; p++)
    for (long kk = 0; kk < k; kk++)
      for (long j = 0; j < SMR_PANEL; j++) {
        long column = p * SMR_PANEL + j;
        packed[(p * k + kk) * SMR_PANEL + j] = column < n ? w[column * ldw + kk] * scale : 0.0f;
      }
}

void smr_pack_weights(const float *w, long n, long k, float *packed) { smr_pack_rows(w, k, n, k, 1.0f, packed); }

SMR_DISPATCH void smr_pack_columns(const float *v, long ldv, long n, long k, float *packed) {
  long panels = (n + SMR_PANEL - 1) / SMR_PANEL, full = n / SMR_PANEL;
  // Row by row (v read in order): each full panel takes one contiguous 32-value copy per row.
  for (long kk = 0; kk < k; kk++) {
    const float *row = v + kk * ldv;
    for (long p = 0; p < full; p++) {
      float *out = packed + (p * k + kk) * SMR_PANEL;
      const float *in = row + p * SMR_PANEL;
      for (long j = 0; j < SMR_PANEL; j++) out[j] = in[j];
    }
  }
  for (long p = full; p < panels; p++)
    for (long kk = 0; kk < k; kk++)
      for (long j = 0; j < SMR_PANEL; j++) {
        long column = p * SMR_PANEL + j;
        packed[(p * k + kk) * SMR_PANEL + j] = column < n ? v[kk * ldv + column] : 0.0f;
      }
}

int smr_avx512_available(void) {
#if SMR_HAVE_PACKED
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
  return 0;
#endif
}

int smr_packed_gemm_available(void) {
#if SMR_HAVE_PACKED
  return smr_avx512_available() || smr_avx2_available();
#else
  return 0;
#endif
}

#if SMR_HAVE_PACKED
/// `rows` (≤ 8, a constant after inlining) rows of A times one packed panel, written to C under the
/// column masks with the epilogue `mode`. Element `(r, kk)` of A is `a[r·rs + kk·ks]`.
__attribute__((target("avx512f"), always_inline)) static inline void smr_panel_rows(
    int rows, const float *a, long rs, long ks, const float *panel, long k, float *c, long ldc, __mmask16 low,
    __mmask16 high, const float *bias, int mode) {
  __m512 acc[8][2];
  for (int r = 0; r < rows; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (long kk = 0; kk < k; kk++) {
    __m512 b0 = _mm512_loadu_ps(panel + kk * SMR_PANEL), b1 = _mm512_loadu_ps(panel + kk * SMR_PANEL + 16);
    const float *column = a + kk * ks;
    for (int r = 0; r < rows; r++) {
      __m512 x = _mm512_set1_ps(column[r * rs]);
      acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  int has_bias = mode == SMR_BIAS || mode == SMR_BIAS_RELU || mode == SMR_ACCUMULATE_BIAS;
  int accumulate = mode == SMR_ACCUMULATE || mode == SMR_ACCUMULATE_BIAS;
  __m512 bias0 = _mm512_setzero_ps(), bias1 = _mm512_setzero_ps();
  if (has_bias) {
    bias0 = _mm512_maskz_loadu_ps(low, bias);
    bias1 = _mm512_maskz_loadu_ps(high, bias + 16);
  }
  for (int r = 0; r < rows; r++) {
    float *out = c + r * ldc;
    __m512 y0 = acc[r][0], y1 = acc[r][1];
    if (has_bias) {
      y0 = _mm512_add_ps(bias0, y0);
      y1 = _mm512_add_ps(bias1, y1);
    }
    if (accumulate) {
      y0 = _mm512_add_ps(_mm512_maskz_loadu_ps(low, out), y0);
      y1 = _mm512_add_ps(_mm512_maskz_loadu_ps(high, out + 16), y1);
    } else if (mode == SMR_BIAS_RELU) {
      y0 = _mm512_max_ps(y0, _mm512_setzero_ps());
      y1 = _mm512_max_ps(y1, _mm512_setzero_ps());
    }
    _mm512_mask_storeu_ps(out, low, y0);
    _mm512_mask_storeu_ps(out + 16, high, y1);
  }
}

/// Rows in blocks of 256 (kept in L2 while every panel passes over them), panels, then groups of 8 rows.
/// The product over the inner indices `[k_start, k_start + k)` of panels packed with `k_total` rows
/// (`a` already offset to `k_start`).
__attribute__((target("avx512f"))) static void smr_packed_gemm_avx512_blocked(
    const float *a, long rs, long ks, const float *packed, long m, long n, long k_total, long k_start, long k,
    float *c, long ldc, long panel_begin, long panel_end, const float *bias, int mode) {
  for (long block = 0; block < m; block += 256) {
    long block_end = block + 256 < m ? block + 256 : m;
    for (long p = panel_begin; p < panel_end; p++) {
      const float *panel = packed + (p * k_total + k_start) * SMR_PANEL;
      long columns = n - p * SMR_PANEL < SMR_PANEL ? n - p * SMR_PANEL : SMR_PANEL;
      __mmask16 low = columns >= 16 ? 0xFFFF : (__mmask16)((1u << columns) - 1);
      __mmask16 high = columns >= 32 ? 0xFFFF : columns <= 16 ? 0 : (__mmask16)((1u << (columns - 16)) - 1);
      float *out = c + p * SMR_PANEL;
      const float *panel_bias = bias ? bias + p * SMR_PANEL : 0;
      long i = block;
      for (; i + 8 <= block_end; i += 8)
        smr_panel_rows(8, a + i * rs, rs, ks, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
      if (i + 4 <= block_end) {
        smr_panel_rows(4, a + i * rs, rs, ks, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
        i += 4;
      }
      if (i + 2 <= block_end) {
        smr_panel_rows(2, a + i * rs, rs, ks, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
        i += 2;
      }
      if (i < block_end) smr_panel_rows(1, a + i * rs, rs, ks, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
    }
  }
}
/// The blocked driver for this CPU: AVX-512F, else AVX2 + FMA (the two agree bit for bit).
static void smr_packed_gemm_blocked(const float *a, long rs, long ks, const float *packed, long m, long n,
                                    long k_total, long k_start, long k, float *c, long ldc, long panel_begin,
                                    long panel_end, const float *bias, int mode) {
  if (smr_avx512_available())
    smr_packed_gemm_avx512_blocked(a, rs, ks, packed, m, n, k_total, k_start, k, c, ldc, panel_begin, panel_end, bias,
                                   mode);
  else
    smr_packed_gemm_avx2_blocked(a, rs, ks, packed, m, n, k_total, k_start, k, c, ldc, panel_begin, panel_end, bias,
                                 mode);
}
#endif

void smr_packed_gemm_strided(const float *a, long a_row_stride, long a_k_stride, const float *packed, long m, long n,
                             long k, float *c, long ldc, long panel_begin, long panel_end, const float *bias, int mode) {
  int has_bias = mode == SMR_BIAS || mode == SMR_BIAS_RELU || mode == SMR_ACCUMULATE_BIAS;
  if (has_bias && !bias) mode = SMR_ACCUMULATE;
#if SMR_HAVE_PACKED
  // Long inner dimensions in blocks of 256 (a panel block stays in L1): the first block applies the
  // epilogue's bias (or stores), later ones accumulate. ReLU needs the whole sum: such products are
  // not blocked.
  const long step = 256;
  if (k <= step || mode == SMR_BIAS_RELU) {
    smr_packed_gemm_blocked(a, a_row_stride, a_k_stride, packed, m, n, k, 0, k, c, ldc, panel_begin, panel_end, bias,
                            mode);
    return;
  }
  for (long start = 0; start < k; start += step) {
    long length = k - start < step ? k - start : step;
    int block_mode = start == 0 ? mode : SMR_ACCUMULATE;
    smr_packed_gemm_blocked(a + start * a_k_stride, a_row_stride, a_k_stride, packed, m, n, k, start, length, c, ldc,
                            panel_begin, panel_end, bias, block_mode);
  }
#else
  (void)a, (void)a_row_stride, (void)a_k_stride, (void)packed, (void)m, (void)n, (void)k, (void)c, (void)ldc;
  (void)panel_begin, (void)panel_end, (void)bias, (void)mode;
#endif
}

void smr_packed_gemm_ex(const float *a, long lda, const float *packed, long m, long n, long k, float *c, long ldc,
                        long panel_begin, long panel_end, const float *bias, int mode) {
  smr_packed_gemm_strided(a, lda, 1, packed, m, n, k, c, ldc, panel_begin, panel_end, bias, mode);
}

void smr_packed_gemm(const float *a, long lda, const float *packed, long m, long n, long k, float *c, long ldc,
                     long panel_begin, long panel_end) {
  smr_packed_gemm_ex(a, lda, packed, m, n, k, c, ldc, panel_begin, panel_end, 0, SMR_ACCUMULATE);
}
