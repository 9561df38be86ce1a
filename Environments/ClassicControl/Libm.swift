import CLibm

/// glibc's `pow(x, 2.0)`: what Python and NumPy compute for a scalar `x ** 2` (not `x * x`).
@inline(__always)
func libmSquare(_ x: Double) -> Double { clibm_pow(x, 2) }

/// glibc's `powf(x, 2.0f)`: what NumPy computes for `np.float32(x) ** 2`.
@inline(__always)
func libmSquare(_ x: Float) -> Float { clibm_powf(x, 2) }

/// Rounds a double to the nearest Float32 and widens it back (`np.float32(x)` seen as a double).
@inline(__always)
func roundedToFloat(_ x: Double) -> Double { Double(Float(x)) }
