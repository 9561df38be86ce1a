#ifndef SMR_KERNELS_INTERNAL_H
#define SMR_KERNELS_INTERNAL_H
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define SMR_SANITIZED 1
#endif
#endif
// ifunc resolvers run before a sanitizer's runtime is up (a crash at load): sanitized builds get one copy.
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__)) && defined(__linux__) && !defined(SMR_SANITIZED)
#define SMR_DISPATCH __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SMR_DISPATCH
#endif
/// x86 with GCC or Clang: the AVX2 + FMA event-driven products (SpikeProductsAVX2.c), chosen at run time.
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SMR_HAVE_AVX2_PATHS 1
/// Whether the CPU has AVX2 and FMA.
int smr_avx2_available(void);
/// `smr_spike_gemm` on AVX2 + FMA (k ≤ 64·256); the same order of operations as the AVX-512 kernel.
void smr_spike_gemm_avx2(const float *a, long lda, long rows, long k, const float *wt, long n, const float *bias,
                         float *y, long ldy, int mode, int32_t *idx);
/// `smr_spike_weight_gradient` on AVX2 + FMA (`idx` holds k + 16 indices).
void smr_spike_weight_gradient_avx2(const float *g, long ldg, const float *a, long lda, long rows, long k, long n,
                                    float *dwt, int32_t *idx);
/// The packed product's blocked driver on AVX2 + FMA (PackedGemmAVX2.c): the AVX-512 driver's arguments and
/// per-output order of operations, so the two agree bit for bit.
void smr_packed_gemm_avx2_blocked(const float *a, long rs, long ks, const float *packed, long m, long n, long k_total,
                                  long k_start, long k, float *c, long ldc, long panel_begin, long panel_end,
                                  const float *bias, int mode);
/// The time-grouped weight gradient for 2–4 groups on AVX2 + FMA (SpikeProductsGroupedAVX2.c), the arguments of
/// the AVX-512 slab kernel: `dwt` with row stride `ldd` ≥ n + 8 (whole vectors are written past n), room for every
/// token's union in `offsets` (q + 1), `unions` and `masks` (q·k each), `binary` (q).
void smr_grouped_gradient_slabs_avx2(const float *g, long ldg, const float *a, long lda, long q, long groups, long k,
                                     long n, float *dwt, long ldd, long *offsets, int32_t *unions, int32_t *masks,
                                     unsigned char *binary);
/// The time-grouped weight gradient for any group count on AVX2 + FMA, one token's union at a time (`idx`: k).
void smr_grouped_gradient_avx2(const float *g, long ldg, const float *a, long lda, long q, long groups, long k, long n,
                               float *dwt, int32_t *idx);
#else
#define SMR_HAVE_AVX2_PATHS 0
#endif

/// Partial sums per reduction: a multiple of every vector width, so all copies add in the same order.
#define SMR_LANES 16
#endif

#include <math.h>
#include <stdint.h>
#include <string.h>

/// `Σ x[i]` with SMR_LANES partial sums combined pairwise (the same order in every compiled copy).
static inline float smr_sum(const float *x, long n) {
  float acc[SMR_LANES] = {0};
  long i = 0;
  for (; i + SMR_LANES <= n; i += SMR_LANES)
    for (int j = 0; j < SMR_LANES; j++) acc[j] += x[i + j];
  float tail = 0;
  for (; i < n; i++) tail += x[i];
  for (int w = SMR_LANES / 2; w > 0; w >>= 1)
    for (int j = 0; j < w; j++) acc[j] += acc[j + w];
  return acc[0] + tail;
}

/// A LayerNorm row's mean `*mean` and `*rstd = 1/√(σ² + ε)` (population variance about the mean, SMR_LANES
/// partial sums combined pairwise: the same order in every compiled copy and every caller).
__attribute__((always_inline)) static inline void smr_layer_norm_row_moments(const float *in, long width, float epsilon, float *mean, float *rstd) {
  float mu = smr_sum(in, width) / (float)width;
  float squares[SMR_LANES] = {0};
  long i = 0;
  for (; i + SMR_LANES <= width; i += SMR_LANES)
    for (int j = 0; j < SMR_LANES; j++) squares[j] += (in[i + j] - mu) * (in[i + j] - mu);
  float tail = 0;
  for (; i < width; i++) tail += (in[i] - mu) * (in[i] - mu);
  for (int w = SMR_LANES / 2; w > 0; w >>= 1)
    for (int j = 0; j < w; j++) squares[j] += squares[j + w];
  *mean = mu;
  *rstd = 1.0f / sqrtf((squares[0] + tail) / (float)width + epsilon);
}

/// A LayerNorm row's backward means with `d = g ⊙ γ` and `x̂ = (x − μ)·r`: `*mean_d = mean(d)`,
/// `*mean_dx = mean(d ⊙ x̂)` (SMR_LANES partial sums combined pairwise).
__attribute__((always_inline)) static inline void smr_layer_norm_row_gradient_means(const float *gr, const float *xr, const float *gamma, float mu,
                                                     float inverse, long width, float *mean_d, float *mean_dx) {
  float sd[SMR_LANES] = {0}, sdx[SMR_LANES] = {0};
  long i = 0;
  for (; i + SMR_LANES <= width; i += SMR_LANES)
    for (int j = 0; j < SMR_LANES; j++) {
      float d = gr[i + j] * gamma[i + j], normalized = (xr[i + j] - mu) * inverse;
      sd[j] += d;
      sdx[j] += d * normalized;
    }
  float td = 0, tdx = 0;
  for (; i < width; i++) {
    float d = gr[i] * gamma[i], normalized = (xr[i] - mu) * inverse;
    td += d;
    tdx += d * normalized;
  }
  for (int w = SMR_LANES / 2; w > 0; w >>= 1)
    for (int j = 0; j < w; j++) {
      sd[j] += sd[j + w];
      sdx[j] += sdx[j + w];
    }
  *mean_d = (sd[0] + td) / (float)width;
  *mean_dx = (sdx[0] + tdx) / (float)width;
}

/// `exp(x)`: Cephes `expf` (range reduction by ln 2 in two parts, degree-6 polynomial), branch-free so
/// loops vectorise; the power of two is applied in two halves so results near the overflow edge stay finite.
/// Inputs below −87 give 0 (flushed: results there would be at most 2·FLT_MIN, and clamped lanes must
/// never form subnormals, which cost a microcode assist each).
static inline float smr_expf(float x) {
  const float high = 88.72283905206835f, low = -87.0f;
  float clamped = x > high ? high : x;
  clamped = clamped < low ? low : clamped;
  float n = clamped * 1.44269504088896341f + 12582912.0f;  // round to nearest via 1.5·2²³
  n = n - 12582912.0f;
  float r = clamped - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float y = p * (r * r) + r + 1.0f;
  int32_t k = (int32_t)n, k1 = k >> 1, k2 = k - k1;
  int32_t b1 = (k1 + 127) << 23, b2 = (k2 + 127) << 23;
  float s1, s2;
  memcpy(&s1, &b1, 4);
  memcpy(&s2, &b2, 4);
  y = y * s1 * s2;
  y = x > high ? __builtin_inff() : y;
  y = x < low ? 0.0f : y;
  return x != x ? x : y;
}

/// One SNN-DT rate-code value `σ(sharpness·(clamp(v, 0, 1)·window − t))` (NaN clamps to 0), shared by
/// `smr_rate_code` and the rate-coded products so both see the same values bit for bit.
static inline float smr_rate_value(float v, float window, float t, float sharpness) {
  float p = v > 0.0f ? v : 0.0f;
  p = p < 1.0f ? p : 1.0f;
  return 1.0f / (1.0f + smr_expf(-(sharpness * (p * window - t))));
}

/// Writes the inputs active in any of the `groups` rows `b + t·q` (t = 0..<groups), increasing; returns the count
/// (the time-grouped products' union of a token's active inputs, SpikeProductsGrouped.c).
static inline long smr_group_union(const float *a, long lda, long b, long q, long groups, long k, int32_t *idx) {
  long count = 0;
  for (long i = 0; i < k; i++) {
    int active = 0;
    for (long t = 0; t < groups; t++) active |= a[(b + t * q) * lda + i] != 0.0f;
    idx[count] = (int32_t)i;
    count += active;
  }
  return count;
}
