#include "CKernels.h"
#include "Kernels.h"

SMR_DISPATCH
void smr_broadcast_rows(const float *row, long rows, long width, float *y) {
  for (long r = 0; r < rows; r++)
    for (long c = 0; c < width; c++) y[r * width + c] = row[c];
}

SMR_DISPATCH
void smr_column_sums(const float *x, long rows, long width, float *sums) {
  for (long r = 0; r < rows; r++)
    for (long c = 0; c < width; c++) sums[c] += x[r * width + c];
}

SMR_DISPATCH
void smr_add(const float *a, const float *b, long count, float *y) {
  for (long i = 0; i < count; i++) y[i] = a[i] + b[i];
}

SMR_DISPATCH
long smr_count_nonzero(const float *x, long count) {
  long total = 0;
  for (long i = 0; i < count; i++) total += x[i] != 0.0f;
  return total;
}

SMR_DISPATCH
void smr_scale(const float *a, float s, long count, float *y) {
  for (long i = 0; i < count; i++) y[i] = a[i] * s;
}

SMR_DISPATCH
void smr_scaled_add(const float *y, const float *a, float s, long count, float *out) {
  for (long i = 0; i < count; i++) out[i] = y[i] + a[i] * s;
}

SMR_DISPATCH
void smr_relu_forward(const float *x, long count, float *y) {
  for (long i = 0; i < count; i++) y[i] = x[i] > 0 ? x[i] : 0.0f;
}

SMR_DISPATCH
void smr_relu_backward(const float *g, const float *y, long count, float *dx) {
  for (long i = 0; i < count; i++) dx[i] = y[i] > 0 ? g[i] : 0.0f;
}

SMR_DISPATCH
void smr_exp(const float *x, long count, float *y) {
  for (long i = 0; i < count; i++) y[i] = smr_expf(x[i]);
}

SMR_DISPATCH
double smr_sum_squares(const float *x, long count) {
  double acc[SMR_LANES] = {0};
  long i = 0;
  for (; i + SMR_LANES <= count; i += SMR_LANES)
    for (int j = 0; j < SMR_LANES; j++) acc[j] += (double)x[i + j] * (double)x[i + j];
  double tail = 0;
  for (; i < count; i++) tail += (double)x[i] * (double)x[i];
  for (int w = SMR_LANES / 2; w > 0; w >>= 1)
    for (int j = 0; j < w; j++) acc[j] += acc[j + w];
  return acc[0] + tail;
}

SMR_DISPATCH
void smr_adamw(float *p, float *m, float *v, const float *g, long count, float decay, float beta1, float beta2,
               float step, float c2, float epsilon) {
  float keep1 = 1.0f - beta1, keep2 = 1.0f - beta2;
  for (long i = 0; i < count; i++) {
    float parameter = p[i] * decay;
    float first = m[i] + (g[i] - m[i]) * keep1;
    float second = v[i] * beta2 + keep2 * g[i] * g[i];
    float denominator = __builtin_sqrtf(second) / c2 + epsilon;
    p[i] = parameter - step * first / denominator;
    m[i] = first;
    v[i] = second;
  }
}

/// The tiles the vector kernel left (all when `c_begin` is 0): partial ones, or every one without AVX-512.
static void smr_transpose_scalar(const float *x, long rows, long columns, float *y, long c_begin) {
  const long block = 16;
  for (long r0 = 0; r0 < rows; r0 += block)
    for (long c0 = 0; c0 < columns; c0 += block) {
      if (r0 + block <= rows && c0 < c_begin) continue;  // a full tile the vector kernel wrote
      long r1 = r0 + block < rows ? r0 + block : rows, c1 = c0 + block < columns ? c0 + block : columns;
      for (long r = r0; r < r1; r++)
        for (long c = c0; c < c1; c++) y[c * rows + r] = x[r * columns + c];
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

/// One 16 × 16 tile: pairs of rows interleaved, then quadruples, then the 128-bit lanes gathered (3 shuffle rounds).
__attribute__((target("avx512f"))) static void smr_transpose_tile_avx512(const float *x, long ldx, float *y, long ldy) {
  __m512 r[16], t[16];
  for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(x + i * ldx);
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);      // per lane: a0 b0 a1 b1
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);  // per lane: a2 b2 a3 b3
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);      // column 0 of the lane, rows i..i+3
    r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);  // column 1
    r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  // r[4·q + j] holds, in lane l, column 4·l + j of rows 4·q..4·q+3.
  for (int j = 0; j < 4; j++) {
    __m512 even0 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0x88), even1 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0x88);
    __m512 odd0 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0xDD), odd1 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0xDD);
    _mm512_storeu_ps(y + (long)j * ldy, _mm512_shuffle_f32x4(even0, even1, 0x88));
    _mm512_storeu_ps(y + (long)(8 + j) * ldy, _mm512_shuffle_f32x4(even0, even1, 0xDD));
    _mm512_storeu_ps(y + (long)(4 + j) * ldy, _mm512_shuffle_f32x4(odd0, odd1, 0x88));
    _mm512_storeu_ps(y + (long)(12 + j) * ldy, _mm512_shuffle_f32x4(odd0, odd1, 0xDD));
  }
}

/// The full 16 × 16 tiles; returns the first column not covered.
__attribute__((target("avx512f"))) static long smr_transpose_avx512(const float *x, long rows, long columns, float *y) {
  long full_r = rows / 16 * 16, full_c = columns / 16 * 16;
  for (long r0 = 0; r0 < full_r; r0 += 16)
    for (long c0 = 0; c0 < full_c; c0 += 16) smr_transpose_tile_avx512(x + r0 * columns + c0, columns, y + c0 * rows + r0, rows);
  return full_c;
}
#endif

void smr_transpose(const float *x, long rows, long columns, float *y) {
  long covered = 0;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  if (smr_avx512_available()) covered = smr_transpose_avx512(x, rows, columns, y);
#endif
  smr_transpose_scalar(x, rows, columns, y, covered);
}

// The derivative pass is a separate loop: a `if (derivative)` store inside one loop becomes a masked vector store
// that, with a null pointer and an all-false mask, costs a fault-suppression assist per vector on AMD Zen 4
// (measured: 41% of the SNN-DT runner's time).
SMR_DISPATCH
void smr_rate_code(const float *x, long count, long steps, float sharpness, float *y, float *derivative) {
  const float window = (float)steps;
  for (long t = 0; t < steps; t++)
    for (long i = 0; i < count; i++) y[t * count + i] = smr_rate_value(x[i], window, (float)t, sharpness);
  if (!derivative) return;
  for (long t = 0; t < steps; t++)
    for (long i = 0; i < count; i++) {
      float v = x[i], s = y[t * count + i];
      derivative[t * count + i] = v >= 0.0f && v <= 1.0f ? sharpness * window * s * (1.0f - s) : 0.0f;
    }
}
