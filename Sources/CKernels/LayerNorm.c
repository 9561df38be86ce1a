#include "CKernels.h"
#include "Kernels.h"

SMR_DISPATCH
void smr_layer_norm_forward(const float *x, const float *gamma, const float *beta, float epsilon, long rows,
                            long width, float *y, float *mean, float *rstd) {
  for (long row = 0; row < rows; row++) {
    const float *in = x + row * width;
    float *out = y + row * width;
    float mu, inverse;
    smr_layer_norm_row_moments(in, width, epsilon, &mu, &inverse);
    for (long c = 0; c < width; c++) out[c] = gamma[c] * ((in[c] - mu) * inverse) + beta[c];
    mean[row] = mu;
    rstd[row] = inverse;
  }
}

SMR_DISPATCH
void smr_layer_norm_backward(const float *g, const float *x, const float *gamma, const float *mean,
                             const float *rstd, long rows, long width, float *dx, float *dgamma, float *dbeta) {
  for (long row = 0; row < rows; row++) {
    const float *gr = g + row * width, *xr = x + row * width;
    float *dxr = dx + row * width;
    float mu = mean[row], inverse = rstd[row], meanD, meanDX;
    smr_layer_norm_row_gradient_means(gr, xr, gamma, mu, inverse, width, &meanD, &meanDX);
    for (long c = 0; c < width; c++) {
      float normalized = (xr[c] - mu) * inverse;
      dxr[c] = (gr[c] * gamma[c] - meanD - normalized * meanDX) * inverse;
      dgamma[c] += gr[c] * normalized;
      dbeta[c] += gr[c];
    }
  }
}
