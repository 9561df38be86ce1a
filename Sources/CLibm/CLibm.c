#define _GNU_SOURCE
#include "CLibm.h"
#include <math.h>

double clibm_pow(double x, double y) { return pow(x, y); }

float clibm_powf(float x, float y) { return powf(x, y); }

void clibm_sincos(double x, double *sine, double *cosine) { sincos(x, sine, cosine); }
