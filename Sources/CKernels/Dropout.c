#include "CKernels.h"
#include "Kernels.h"

/// Chris Wellons' `lowbias32` integer finaliser.
static inline uint32_t smr_mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

static inline uint32_t smr_hash(uint32_t low, uint32_t high, uint32_t index) {
  return smr_mix32(smr_mix32(index * 0x9E3779B9U + low) ^ high);
}

uint32_t smr_dropout_hash(uint64_t key, uint64_t index) {
  return smr_hash((uint32_t)key, (uint32_t)(key >> 32), (uint32_t)index);
}

SMR_DISPATCH
void smr_dropout(const float *x, const float *residual, long count, uint64_t key, uint64_t offset,
                 uint32_t threshold, float scale, float *y) {
  uint32_t low = (uint32_t)key, high = (uint32_t)(key >> 32), base = (uint32_t)offset;
  if (residual) {
    for (long i = 0; i < count; i++) {
      float kept = smr_hash(low, high, base + (uint32_t)i) >= threshold ? x[i] * scale : 0.0f;
      y[i] = residual[i] + kept;
    }
  } else {
    for (long i = 0; i < count; i++)
      y[i] = smr_hash(low, high, base + (uint32_t)i) >= threshold ? x[i] * scale : 0.0f;
  }
}
