import Foundation

/// NumPy's Float32 `cos`/`sin` (the FMA3/AVX-512 ufunc loops of NumPy 2.x), bit for bit.
///
/// Gymnasium's Acrobot computes its first observation after a reset with `np.cos`/`np.sin` of Float32
/// values, and NumPy does not call libm for those: it reduces `x` by π/2 with a three-constant Cody-Waite
/// step (`q = rint(x·2/π)`), evaluates degree-8 (cosine) and degree-9 (sine) minimax polynomials with fused
/// multiply-adds, and picks and negates by quadrant; beyond |x| = 71476.0625 (cosine) or 117435.992
/// (sine) it falls back to libm's `cosf`/`sinf`. This is a reimplementation of that algorithm (constants
/// as NumPy publishes them); checked equal to NumPy 2.4.6 on 2.1 million inputs. `addingProduct` is a
/// correctly rounded fused multiply-add on every target (an instruction, or libm's `fmaf`), as NumPy's is.
enum NumPyTrigonometry {
  /// `np.cos(np.float32(x))`.
  static func cos(_ x: Float) -> Float { evaluate(x, cosine: true) }

  /// `np.sin(np.float32(x))`.
  static func sin(_ x: Float) -> Float { evaluate(x, cosine: false) }

  private static func evaluate(_ x: Float, cosine: Bool) -> Float {
    if x.isNaN { return x }
    guard abs(x) <= (cosine ? 71476.0625 : 117435.992) else { return cosine ? Foundation.cos(x) : Foundation.sin(x) }
    // Round x·2/π to an integer with the 1.5·2²³ trick (|x·2/π| < 2²²).
    let magic: Float = 0x1.8p+23
    let quadrant = (x * 0x1.45f306p-1 + magic) - magic
    var r = x.addingProduct(quadrant, -0x1.921fb0p+00)
    r = r.addingProduct(quadrant, -0x1.5110b4p-22)
    r = r.addingProduct(quadrant, -0x1.846988p-48)
    let r2 = r * r
    var c = Float(-0x1.6c06dcp-10).addingProduct(0x1.98e616p-16, r2)
    c = Float(0x1.55553cp-05).addingProduct(c, r2)
    c = Float(-0x1.000000p-01).addingProduct(c, r2)
    c = Float(1).addingProduct(c, r2)
    var s = Float(-0x1.a06bbap-13).addingProduct(0x1.7d3bbcp-19, r2)
    s = Float(0x1.11119ap-07).addingProduct(s, r2)
    s = Float(-0x1.555556p-03).addingProduct(s, r2)
    s = Float(0).addingProduct(s, r2)
    s = r.addingProduct(s, r)
    let index = Int32(quadrant) + (cosine ? 1 : 0)
    let value = index & 1 == 0 ? s : c
    // NumPy negates by subtracting from +0 (so a zero result stays +0).
    return index & 2 == 2 ? 0 - value : value
  }
}
