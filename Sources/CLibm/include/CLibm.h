#ifndef CLIBM_H
#define CLIBM_H

/// Calls glibc's `pow(x, y)` without letting the Swift or LLVM optimiser rewrite `pow(x, 2.0)` as `x * x`.
///
/// Python and NumPy evaluate a scalar `x ** 2` with libm's `pow`, which is not correctly rounded; a
/// bit-exact port must call the same function (ENVIRONMENTS.md §0.2). The exponent is a parameter of a
/// function in a separate C translation unit, so no compiler can see it is a constant.
double clibm_pow(double x, double y);

/// Calls glibc's `powf(x, y)` (NumPy's `np.float32 ** 2`), opaque to the optimiser for the same reason.
float clibm_powf(float x, float y);

/// glibc's `sincos`: the same values as `sin(x)` and `cos(x)` (same algorithm), one range reduction.
void clibm_sincos(double x, double *sine, double *cosine);

#endif
