#include <stdlib.h>

#include "CKernels.h"
#include "Kernels.h"

// PTBN in training (Decision SpikeFormer): `y = LN(x; λγ₁, λβ₁) + BN(x; (1 − λ)γ₂, (1 − λ)β₂)` as one operation.
// Each branch computes exactly what the separate LayerNorm and batch-norm kernels compute (the same expressions
// and summation orders, each branch's value formed in its own statement), and the two are added once: the fused
// forward equals LN + BN bit for bit, the fused backward equals the sum of the two backward kernels' dx bit for
// bit, in two passes over (g, x) instead of five and without the intermediate outputs and gradients.

SMR_DISPATCH
void smr_ptbn_forward(const float *x, long rows, long width, const float *ln_gamma, const float *ln_beta,
                      float epsilon, const float *col_mean, const float *col_rstd, const float *bn_gamma,
                      const float *bn_beta, float *y, float *row_mean, float *row_rstd) {
  for (long r = 0; r < rows; r++) {
    const float *in = x + r * width;
    float *out = y + r * width;
    float mu, inverse;
    smr_layer_norm_row_moments(in, width, epsilon, &mu, &inverse);
    for (long c = 0; c < width; c++) {
      float layer = ln_gamma[c] * ((in[c] - mu) * inverse) + ln_beta[c];
      float batch = (in[c] - col_mean[c]) * col_rstd[c] * bn_gamma[c] + bn_beta[c];
      out[c] = layer + batch;
    }
    row_mean[r] = mu;
    row_rstd[r] = inverse;
  }
}

/// Pass 1: every row's LayerNorm gradient means (into `means`, two per row), the LN weights' gradients (float,
/// in row order, as `smr_layer_norm_backward`) and the batch branch's column sums (double, as
/// `smr_batch_norm_backward`). Inlined into every compiled copy of `smr_ptbn_backward`.
__attribute__((always_inline)) static inline void smr_ptbn_backward_sums(const float *g, const float *x, long rows, long width, const float *row_mean,
                                   const float *row_rstd, const float *ln_gamma, const float *col_mean,
                                   const float *col_rstd, float *means, float *d_ln_gamma, float *d_ln_beta,
                                   double *sums, double *products) {
  for (long r = 0; r < rows; r++) {
    const float *gr = g + r * width, *xr = x + r * width;
    float mu = row_mean[r], inverse = row_rstd[r];
    smr_layer_norm_row_gradient_means(gr, xr, ln_gamma, mu, inverse, width, means + 2 * r, means + 2 * r + 1);
    for (long c = 0; c < width; c++) {
      float normalized = (xr[c] - mu) * inverse;
      d_ln_gamma[c] += gr[c] * normalized;
      d_ln_beta[c] += gr[c];
      float batch_normalized = (xr[c] - col_mean[c]) * col_rstd[c];
      sums[c] += (double)gr[c];
      products[c] += (double)gr[c] * (double)batch_normalized;
    }
  }
}

SMR_DISPATCH
void smr_ptbn_backward(const float *g, const float *x, long rows, long width, const float *row_mean,
                       const float *row_rstd, const float *ln_gamma, const float *row_mask, long counted,
                       const float *col_mean, const float *col_rstd, const float *bn_gamma, float *dx,
                       float *d_ln_gamma, float *d_ln_beta, float *d_bn_gamma, float *d_bn_beta) {
  double *sums = calloc((size_t)(2 * width), sizeof(double));
  float *scratch = malloc((size_t)(2 * width + 2 * rows) * sizeof(float));
  if (!sums || !scratch) {
    free(sums);
    free(scratch);
    return;
  }
  double *products = sums + width;
  float *mean_g = scratch, *mean_gx = scratch + width, *means = scratch + 2 * width;
  smr_ptbn_backward_sums(g, x, rows, width, row_mean, row_rstd, ln_gamma, col_mean, col_rstd, means, d_ln_gamma,
                         d_ln_beta, sums, products);
  double n = counted > 0 ? (double)counted : 1.0;
  for (long c = 0; c < width; c++) {
    mean_g[c] = (float)(sums[c] / n);
    mean_gx[c] = (float)(products[c] / n);
    d_bn_gamma[c] += (float)products[c];
    d_bn_beta[c] += (float)sums[c];
  }
  for (long r = 0; r < rows; r++) {
    const float *gr = g + r * width, *xr = x + r * width;
    float *out = dx + r * width;
    float mu = row_mean[r], inverse = row_rstd[r], meanD = means[2 * r], meanDX = means[2 * r + 1];
    float in_statistics = row_mask && row_mask[r] == 0.0f ? 0.0f : 1.0f;
    for (long c = 0; c < width; c++) {
      float normalized = (xr[c] - mu) * inverse;
      float layer = (gr[c] * ln_gamma[c] - meanD - normalized * meanDX) * inverse;
      float batch_normalized = (xr[c] - col_mean[c]) * col_rstd[c];
      float centred = gr[c] - in_statistics * (mean_g[c] + batch_normalized * mean_gx[c]);
      float batch = bn_gamma[c] * col_rstd[c] * centred;
      out[c] = layer + batch;
    }
  }
  free(scratch);
  free(sums);
}
