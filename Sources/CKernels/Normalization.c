#include <stdlib.h>

#include "CKernels.h"
#include "Kernels.h"

SMR_DISPATCH
long smr_column_statistics(const float *x, long rows, long width, const float *row_mask, float *mean,
                           float *variance) {
  double *sums = calloc((size_t)(2 * width), sizeof(double));
  if (!sums) return 0;
  double *squares = sums + width;
  long counted = 0;
  for (long r = 0; r < rows; r++) {
    if (row_mask && row_mask[r] == 0.0f) continue;
    counted++;
    const float *row = x + r * width;
    for (long c = 0; c < width; c++) sums[c] += (double)row[c];
  }
  double n = counted > 0 ? (double)counted : 1.0;
  for (long c = 0; c < width; c++) sums[c] /= n;
  for (long r = 0; r < rows; r++) {
    if (row_mask && row_mask[r] == 0.0f) continue;
    const float *row = x + r * width;
    for (long c = 0; c < width; c++) {
      double delta = (double)row[c] - sums[c];
      squares[c] += delta * delta;
    }
  }
  for (long c = 0; c < width; c++) {
    mean[c] = (float)sums[c];
    variance[c] = (float)(squares[c] / n);
  }
  free(sums);
  return counted;
}

SMR_DISPATCH
void smr_batch_norm_forward(const float *x, long rows, long width, const float *mean, const float *rstd,
                            const float *gamma, const float *beta, float *y) {
  for (long r = 0; r < rows; r++) {
    const float *row = x + r * width;
    float *out = y + r * width;
    for (long c = 0; c < width; c++) out[c] = (row[c] - mean[c]) * rstd[c] * gamma[c] + beta[c];
  }
}

SMR_DISPATCH
void smr_batch_norm_backward(const float *g, const float *x, long rows, long width, const float *row_mask, long counted,
                             const float *mean, const float *rstd, const float *gamma, float *dx, float *dgamma,
                             float *dbeta) {
  double *sums = calloc((size_t)(2 * width), sizeof(double));
  if (!sums) return;
  double *products = sums + width;
  for (long r = 0; r < rows; r++) {
    const float *gr = g + r * width, *xr = x + r * width;
    for (long c = 0; c < width; c++) {
      float normalized = (xr[c] - mean[c]) * rstd[c];
      sums[c] += (double)gr[c];
      products[c] += (double)gr[c] * (double)normalized;
    }
  }
  double n = counted > 0 ? (double)counted : 1.0;
  float *mean_g = malloc((size_t)(2 * width) * sizeof(float));
  if (!mean_g) {
    free(sums);
    return;
  }
  float *mean_gx = mean_g + width;
  for (long c = 0; c < width; c++) {
    mean_g[c] = (float)(sums[c] / n);
    mean_gx[c] = (float)(products[c] / n);
    if (dgamma) dgamma[c] += (float)products[c];
    if (dbeta) dbeta[c] += (float)sums[c];
  }
  for (long r = 0; r < rows; r++) {
    const float *gr = g + r * width, *xr = x + r * width;
    float *out = dx + r * width;
    float in_statistics = row_mask && row_mask[r] == 0.0f ? 0.0f : 1.0f;
    for (long c = 0; c < width; c++) {
      float normalized = (xr[c] - mean[c]) * rstd[c];
      float centred = gr[c] - in_statistics * (mean_g[c] + normalized * mean_gx[c]);
      out[c] = gamma[c] * rstd[c] * centred;
    }
  }
  free(mean_g);
  free(sums);
}

SMR_DISPATCH
void smr_mix(const float *a, const float *b, float lambda, long count, float *y) {
  float other = 1.0f - lambda;
  for (long i = 0; i < count; i++) y[i] = lambda * a[i] + other * b[i];
}

SMR_DISPATCH
void smr_scale_shift_columns(const float *x, long rows, long width, const float *scale, const float *shift, float *y) {
  for (long r = 0; r < rows; r++)
    for (long c = 0; c < width; c++) y[r * width + c] = x[r * width + c] * scale[c] + shift[c];
}

SMR_DISPATCH
void smr_scale_shift_columns_backward(const float *g, const float *x, long rows, long width, const float *scale,
                                      float *dx, float *dscale, float *dshift) {
  // One loop per output, each behind its own test (not a test per element: see smr_rate_code).
  if (dx)
    for (long r = 0; r < rows; r++)
      for (long c = 0; c < width; c++) dx[r * width + c] = g[r * width + c] * scale[c];
  if (dscale)
    for (long r = 0; r < rows; r++)
      for (long c = 0; c < width; c++) dscale[c] += g[r * width + c] * x[r * width + c];
  if (dshift)
    for (long r = 0; r < rows; r++)
      for (long c = 0; c < width; c++) dshift[c] += g[r * width + c];
}
