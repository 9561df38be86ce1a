import CLibm

/// glibc's `pow(x, 2.0)`: what Python and NumPy compute for a scalar `x ** 2` (not always `x * x`).
///
/// glibc's `pow` is within 0.52 ulp of the exact square, so whenever the exact square lies within
/// 0.4 ulp of the correctly rounded `x * x` (checked with the exact FMA residual), `pow` must return
/// `x * x` itself; only the remaining ~20% of inputs call `pow`. Checked bit for bit against glibc on
/// 5·10⁷ random inputs and by every conformance trace.
@inline(__always)
func libmSquare(_ x: Double) -> Double {
  let product = x * x
  // Dekker's exact product residual (no FMA instruction is assumed): x = high + low with 26-bit halves.
  if abs(x) < 0x1p500 {
    let split = x * 134_217_729.0  // 2^27 + 1
    let high = split - (split - x)
    let low = x - high
    let residual = ((high * high - product) + 2 * high * low) + low * low
    if abs(residual) < 0.4 * product.nextDown.ulp { return product }
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
