import CLibm

/// glibc's `pow(x, 2.0)`: what Python and NumPy compute for a scalar `x ** 2` (not always `x * x`).
///
/// glibc documents `pow`'s worst case as 0.54 ulp, so whenever the exact square lies within 0.45 ulp
/// of the correctly rounded `x * x` (Dekker's exact residual), `pow` must return `x * x` itself; only
/// the remaining ~10% of inputs call `pow`. Measured on 10⁸ random inputs: glibc's `pow(x, 2)`
/// differs from `x * x` only where the residual is ≥ 0.492 ulp. The conformance traces check it too.
@inline(__always)
func libmSquare(_ x: Double) -> Double {
  let product = x * x
  // Dekker's exact product residual (no FMA instruction is assumed): x = high + low with 26-bit halves.
  if abs(x) < 0x1p500 {
    let split = x * 134_217_729.0  // 2^27 + 1
    let high = split - (split - x)
    let low = x - high
    let residual = ((high * high - product) + 2 * high * low) + low * low
    if abs(residual) < 0.45 * product.nextDown.ulp { return product }
  }
  return clibm_pow(x, 2)
}

/// glibc's `powf(x, 2.0f)`: what NumPy computes for `np.float32(x) ** 2`.
///
/// The exact square of a Float32 fits in a Float64; glibc's `powf` is within 0.82 ulp of it, so when the
/// exact square is within 0.15 ulp of its Float32 rounding, `powf` returns that rounding.
@inline(__always)
func libmSquare(_ x: Float) -> Float {
  let exact = Double(x) * Double(x)
  let rounded = Float(exact)
  if abs(exact - Double(rounded)) < 0.15 * Double(rounded.nextDown.ulp) { return rounded }
  return clibm_powf(x, 2)
}

/// glibc's `sin(x)` and `cos(x)` from one `sincos` call (identical values, one range reduction).
@inline(__always)
func sineCosine(_ x: Double) -> (sin: Double, cos: Double) {
  var sine = 0.0
  var cosine = 0.0
  clibm_sincos(x, &sine, &cosine)
  return (sine, cosine)
}

/// Rounds a double to the nearest Float32 and widens it back (`np.float32(x)` seen as a double).
@inline(__always)
func roundedToFloat(_ x: Double) -> Double { Double(Float(x)) }
