#include <stdlib.h>
#include <string.h>

#include "CKernels.h"
#include "Kernels.h"

/// The first key a query `i` sees through a band of `window` (keys `i − window < j ≤ i`).
static inline long smr_band_start(long i, long window) { return i - window + 1 > 0 ? i - window + 1 : 0; }

/// `Σ_c a[c]·b[c]` with SMR_LANES partial sums in a fixed order (identical in every compiled copy). Always inlined:
/// a plain `inline` was left out of line in the baseline x86-64 code, so the AVX-512 copies of its callers ran it on
/// SSE2 (TSSA batch-1 latency, D 256: 6% of the time).
__attribute__((always_inline)) static inline float smr_dot(const float *a, const float *b, long n) {
  float lanes[SMR_LANES] = {0};
  long c = 0;
  for (; c + SMR_LANES <= n; c += SMR_LANES)
    for (int l = 0; l < SMR_LANES; l++) lanes[l] += a[c + l] * b[c + l];
  float tail = 0;
  for (; c < n; c++) tail += a[c] * b[c];
  for (int half = SMR_LANES / 2; half > 0; half >>= 1)
    for (int l = 0; l < half; l++) lanes[l] += lanes[l + half];
  return lanes[0] + tail;
}

SMR_DISPATCH
void smr_pssa_forward(const float *q, const float *k, const float *v, long steps, long batch, long length, long width,
                      const float *w, long ldw, long window, const float *key_mask, float *z) {
  float *acc = malloc((size_t)width * sizeof(float));
  if (!acc) return;
  for (long tb = 0; tb < steps * batch; tb++) {
    const float *mask = key_mask ? key_mask + (tb % batch) * length : 0;
    long block = tb * length * width;
    for (long i = 0; i < length; i++) {
      for (long c = 0; c < width; c++) acc[c] = 0.0f;
      for (long j = smr_band_start(i, window); j <= i; j++) {
        if (mask && mask[j] == 0.0f) continue;
        float weight = w[i * ldw + j];
        const float *kj = k + block + j * width, *vj = v + block + j * width;
        for (long c = 0; c < width; c++) acc[c] += weight * (kj[c] * vj[c]);
      }
      const float *qi = q + block + i * width;
      float *zi = z + block + i * width;
      for (long c = 0; c < width; c++) zi[c] = qi[c] * acc[c];
    }
  }
  free(acc);
}

SMR_DISPATCH
void smr_pssa_backward(const float *gz, const float *q, const float *k, const float *v, long steps, long batch,
                       long length, long width, const float *w, long ldw, long window, const float *key_mask,
                       float *dq, float *dk, float *dv, float *dw) {
  // Per (t, b) block: G = dZ ⊙ Q and KV = K ⊙ V as (L, D) scratch.
  float *scratch = malloc((size_t)(3 * length * width + width) * sizeof(float));
  if (!scratch) return;
  float *gated = scratch, *kv = scratch + length * width, *dkv = kv + length * width, *acc = dkv + length * width;
  for (long tb = 0; tb < steps * batch; tb++) {
    const float *mask = key_mask ? key_mask + (tb % batch) * length : 0;
    long block = tb * length * width;
    for (long n = 0; n < length * width; n++) {
      gated[n] = gz[block + n] * q[block + n];
      kv[n] = k[block + n] * v[block + n];
      dkv[n] = 0.0f;
    }
    for (long i = 0; i < length; i++) {
      for (long c = 0; c < width; c++) acc[c] = 0.0f;
      const float *gi = gated + i * width;
      for (long j = smr_band_start(i, window); j <= i; j++) {
        if (mask && mask[j] == 0.0f) continue;
        float weight = w[i * ldw + j];
        const float *kvj = kv + j * width;
        float *dkvj = dkv + j * width;
        for (long c = 0; c < width; c++) {
          acc[c] += weight * kvj[c];
          dkvj[c] += weight * gi[c];
        }
        if (dw) dw[i * ldw + j] += smr_dot(gi, kvj, width);
      }
      if (dq) {
        const float *gzi = gz + block + i * width;
        for (long c = 0; c < width; c++) dq[block + i * width + c] = gzi[c] * acc[c];
      }
    }
    // A loop per output behind one test each (a test per element becomes masked stores: see smr_rate_code).
    if (dk)
      for (long n = 0; n < length * width; n++) dk[block + n] = dkv[n] * v[block + n];
    if (dv)
      for (long n = 0; n < length * width; n++) dv[block + n] = dkv[n] * k[block + n];
  }
  free(scratch);
}

void smr_mask_scores(float *scores, long length, const float *key_mask) {
  for (long i = 0; i < length; i++)
    for (long j = 0; j < length; j++) {
      int keep = j <= i && (!key_mask || key_mask[j] != 0.0f);
      if (!keep) scores[i * length + j] = 0.0f;
    }
}

SMR_DISPATCH
void smr_pssa_query_rows(const float *q, const float *k, const float *v, long steps, long keys, long queries,
                         long width, const float *w, long ldw, long position, long window, float *z) {
  for (long t = 0; t < steps; t++) {
    const float *kt = k + t * keys * width, *vt = v + t * keys * width;
    for (long r = 0; r < queries; r++) {
      long i = keys - queries + r;
      const float *qi = q + (t * queries + r) * width;
      float *zi = z + (t * queries + r) * width;
      for (long c = 0; c < width; c++) zi[c] = 0.0f;
      for (long j = smr_band_start(i, window); j <= i; j++) {
        float weight = w[(position + i) * ldw + position + j];
        const float *kj = kt + j * width, *vj = vt + j * width;
        for (long c = 0; c < width; c++) zi[c] += weight * (kj[c] * vj[c]);
      }
      for (long c = 0; c < width; c++) zi[c] = qi[c] * zi[c];
    }
  }
}

SMR_DISPATCH
void smr_spiking_attention_query_rows(const float *q, const float *k, const float *v, long steps, long keys,
                                      long queries, long width, long heads, int per_step, float *scores, float *z) {
  long dh = width / heads;
  for (long h = 0; h < heads; h++) {
    long c0 = h * dh;
    for (long t = 0; t < steps; t++) {
      // scores[r, j]: this step's (SSSA) or the running sum over steps (TSSA) of Q_t[r]·K_t[j] on the head.
      for (long r = 0; r < queries; r++) {
        long i = keys - queries + r;
        const float *qi = q + (t * queries + r) * width + c0;
        // Event-driven: a query without spikes on the head scores 0 against every key (the same z: finite inputs).
        int silent = 1;
        for (long c = 0; c < dh; c++) silent &= qi[c] == 0.0f;
        for (long j = 0; j <= i; j++) {
          float dot = silent ? 0.0f : smr_dot(qi, k + (t * keys + j) * width + c0, dh);
          scores[r * keys + j] = (per_step || t == 0) ? dot : scores[r * keys + j] + dot;
        }
      }
      if (!per_step && t < steps - 1) continue;
      for (long tt = per_step ? t : 0; tt <= t; tt++) {
        for (long r = 0; r < queries; r++) {
          long i = keys - queries + r;
          float *zi = z + (tt * queries + r) * width + c0;
          for (long c = 0; c < dh; c++) zi[c] = 0.0f;
          for (long j = 0; j <= i; j++) {
            float a = scores[r * keys + j];
            if (a == 0.0f) continue;  // adds ±0 to a sum from +0: no change
            const float *vj = v + (tt * keys + j) * width + c0;
            for (long c = 0; c < dh; c++) zi[c] += a * vj[c];
          }
        }
      }
    }
  }
}
