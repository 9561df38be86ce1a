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

void smr_pack_columns(const float *v, long ldv, long n, long k, float *packed) {
  long panels = (n + SMR_PANEL - 1) / SMR_PANEL;
  for (long p = 0; p < panels; p++)
    for (long kk = 0; kk < k; kk++)
      for (long j = 0; j < SMR_PANEL; j++) {
        long column = p * SMR_PANEL + j;
        packed[(p * k + kk) * SMR_PANEL + j] = column < n ? v[kk * ldv + column] : 0.0f;
      }
}

int smr_packed_gemm_available(void) {
#if SMR_HAVE_PACKED
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
  return 0;
#endif
}

#if SMR_HAVE_PACKED
/// `rows` (≤ 8, a constant after inlining) rows of A times one packed panel, added to C under `mask`.
__attribute__((target("avx512f"), always_inline)) static inline void smr_panel_rows(
    int rows, const float *a, long lda, const float *panel, long k, float *c, long ldc, __mmask16 low,
    __mmask16 high, const float *bias, int mode) {
  __m512 acc[8][2];
  for (int r = 0; r < rows; r++) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (long kk = 0; kk < k; kk++) {
    __m512 b0 = _mm512_loadu_ps(panel + kk * SMR_PANEL), b1 = _mm512_loadu_ps(panel + kk * SMR_PANEL + 16);
    for (int r = 0; r < rows; r++) {
      __m512 x = _mm512_set1_ps(a[r * lda + kk]);
      acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  __m512 bias0 = _mm512_setzero_ps(), bias1 = _mm512_setzero_ps();
  if (mode != SMR_ACCUMULATE) {
    bias0 = _mm512_maskz_loadu_ps(low, bias);
    bias1 = _mm512_maskz_loadu_ps(high, bias + 16);
  }
  for (int r = 0; r < rows; r++) {
    float *out = c + r * ldc;
    __m512 y0 = _mm512_add_ps(bias0, acc[r][0]), y1 = _mm512_add_ps(bias1, acc[r][1]);
    if (mode == SMR_ACCUMULATE || mode == SMR_ACCUMULATE_BIAS) {
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

__attribute__((target("avx512f"))) static void smr_packed_gemm_avx512(
    const float *a, long lda, const float *packed, long m, long n, long k, float *c, long ldc, long panel_begin,
    long panel_end, const float *bias, int mode) {
  for (long p = panel_begin; p < panel_end; p++) {
    const float *panel = packed + p * k * SMR_PANEL;
    long columns = n - p * SMR_PANEL < SMR_PANEL ? n - p * SMR_PANEL : SMR_PANEL;
    __mmask16 low = columns >= 16 ? 0xFFFF : (__mmask16)((1u << columns) - 1);
    __mmask16 high = columns >= 32 ? 0xFFFF : columns <= 16 ? 0 : (__mmask16)((1u << (columns - 16)) - 1);
    float *out = c + p * SMR_PANEL;
    const float *panel_bias = bias ? bias + p * SMR_PANEL : 0;
    long i = 0;
    for (; i + 8 <= m; i += 8) smr_panel_rows(8, a + i * lda, lda, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
    if (i + 4 <= m) {
      smr_panel_rows(4, a + i * lda, lda, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
      i += 4;
    }
    if (i + 2 <= m) {
      smr_panel_rows(2, a + i * lda, lda, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
      i += 2;
    }
    if (i < m) smr_panel_rows(1, a + i * lda, lda, panel, k, out + i * ldc, ldc, low, high, panel_bias, mode);
  }
}
#endif

void smr_packed_gemm_ex(const float *a, long lda, const float *packed, long m, long n, long k, float *c, long ldc,
                        long panel_begin, long panel_end, const float *bias, int mode) {
#if SMR_HAVE_PACKED
  smr_packed_gemm_avx512(a, lda, packed, m, n, k, c, ldc, panel_begin, panel_end, bias,
                         bias ? mode : SMR_ACCUMULATE);
#else
  (void)a, (void)lda, (void)packed, (void)m, (void)n, (void)k, (void)c, (void)ldc, (void)panel_begin, (void)panel_end;
  (void)bias, (void)mode;
#endif
}

void smr_packed_gemm(const float *a, long lda, const float *packed, long m, long n, long k, float *c, long ldc,
                     long panel_begin, long panel_end) {
  smr_packed_gemm_ex(a, lda, packed, m, n, k, c, ldc, panel_begin, panel_end, 0, SMR_ACCUMULATE);
}
