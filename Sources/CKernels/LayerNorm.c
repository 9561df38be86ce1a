#include "CKernels.h"
#include "Kernels.h"
#include <math.h>

SMR_DISPATCH
void smr_layer_norm_forward(const float *x, const float *gamma, const float *beta, float epsilon, long rows,
                            long width, float *y, float *mean, float *rstd) {
  for (long row = 0; row < rows; row++) {
    const float *in = x + row * width;
    float *out = y + row * width;
    float mu = smr_sum(in, width) / (float)width;
    float squares[SMR_LANES] = {0};
    long i = 0;
    for (; i + SMR_LANES <= width; i += SMR_LANES)
      for (int j = 0; j < SMR_LANES; j++) squares[j] += (in[i + j] - mu) * (in[i + j] - mu);
    float tail = 0;
    for (; i < width; i++) tail += (in[i] - mu) * (in[i] - mu);
    for (int w = SMR_LANES / 2; w > 0; w >>= 1)
      for (int j = 0; j < w; j++) squares[j] += squares[j + w];
    float inverse = 1.0f / sqrtf((squares[0] + tail) / (float)width + epsilon);
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
    float mu = mean[row], inverse = rstd[row];
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
    float meanD = (sd[0] + td) / (float)width, meanDX = (sdx[0] + tdx) / (float)width;
    for (long c = 0; c < width; c++) {
      float normalized = (xr[c] - mu) * inverse;
      dxr[c] = (gr[c] * gamma[c] - meanD - normalized * meanDX) * inverse;
      dgamma[c] += gr[c] * normalized;
      dbeta[c] += gr[c];
    }
  }
}
