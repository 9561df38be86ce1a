#include "CKernels.h"
#include "Kernels.h"

SMR_DISPATCH
void smr_masked_softmax(float *scores, long rows, long columns, long causal_limit, long causal_step,
                        const float *padding) {
  for (long i = 0; i < rows; i++) {
    float *row = scores + i * columns;
    long limit = causal_limit + i * causal_step;
    // Separate loops: a `padding ? … : …` inside the loop compiles to a masked load through the NULL
    // pointer, which AMD cores execute with a microcode assist per vector (70x slower).
    if (padding) {
      for (long j = 0; j < columns; j++) {
        float value = row[j];
        row[j] = (j > limit ? -1e4f : value) + padding[j];
      }
    } else {
      for (long j = 0; j < columns; j++) {
        float value = row[j];
        row[j] = j > limit ? -1e4f : value;
      }
    }
    float maximum = row[0];
    for (long j = 1; j < columns; j++) maximum = row[j] > maximum ? row[j] : maximum;
    for (long j = 0; j < columns; j++) row[j] = smr_expf(row[j] - maximum);
    float inverse = 1.0f / smr_sum(row, columns);
    for (long j = 0; j < columns; j++) row[j] *= inverse;
  }
}

SMR_DISPATCH
void smr_softmax_backward(float *gradient, const float *probabilities, long rows, long columns,
                          long causal_limit, long causal_step) {
  for (long i = 0; i < rows; i++) {
    float *d = gradient + i * columns;
    const float *p = probabilities + i * columns;
    long limit = causal_limit + i * causal_step;
    float acc[SMR_LANES] = {0};
    long j = 0;
    for (; j + SMR_LANES <= columns; j += SMR_LANES)
      for (int l = 0; l < SMR_LANES; l++) acc[l] += d[j + l] * p[j + l];
    float tail = 0;
    for (; j < columns; j++) tail += d[j] * p[j];
    for (int w = SMR_LANES / 2; w > 0; w >>= 1)
      for (int l = 0; l < w; l++) acc[l] += acc[l + w];
    float dot = acc[0] + tail;
    for (j = 0; j < columns; j++) d[j] = j > limit ? 0.0f : p[j] * (d[j] - dot);
  }
}
