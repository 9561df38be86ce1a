/// NumPy's PCG64 bit generator (128-bit LCG with the XSL-RR output function), bit for bit.
///
/// `state = state * multiplier + increment (mod 2^128)`; a 64-bit output is
/// `rotr64(high64(state) ^ low64(state), state >> 122)`. 32-bit outputs are buffered exactly as NumPy
/// does: the low half of a fresh 64-bit word is returned and the high half is kept for the next call.
public struct PCG64: Sendable, Hashable {
  private static let multiplier: UInt128 = (0x2360_ED05_1FC6_5DA4 << 64) | 0x4385_DF64_9FCC_F645

  /// The 128-bit LCG state.
  public private(set) var state: UInt128
  /// The odd LCG increment (stream selector).
  public let increment: UInt128
  /// Whether a buffered 32-bit half is pending.
  public private(set) var hasBufferedUInt32 = false
  /// The buffered upper half of the last 64-bit word used for 32-bit output.
  public private(set) var bufferedUInt32: UInt32 = 0

  /// Seeds the generator as `numpy.random.PCG64(seedSequence)` does.
  /// - Parameter seedSequence: the entropy source; four 64-bit words initialise state and stream.
  public init(seedSequence: SeedSequence) {
    let words = seedSequence.generateState64(count: 4)
    let initialState = (UInt128(words[0]) << 64) | UInt128(words[1])
    let initialSequence = (UInt128(words[2]) << 64) | UInt128(words[3])
    increment = (initialSequence << 1) | 1
    state = 0
    advance()
    state = state &+ initialState
    advance()
  }

  @inline(__always)
  private mutating func advance() {
    state = state &* Self.multiplier &+ increment
  }

  /// The next 64-bit output.
  @inline(__always)
  public mutating func nextUInt64() -> UInt64 {
    advance()
    let folded = UInt64(truncatingIfNeeded: state >> 64) ^ UInt64(truncatingIfNeeded: state)
    let rotation = UInt64(truncatingIfNeeded: state >> 122)
    return (folded &>> rotation) | (folded &<< ((64 &- rotation) & 63))
  }

  /// The next 32-bit output (buffered halves of 64-bit outputs, as NumPy).
  @inline(__always)
  public mutating func nextUInt32() -> UInt32 {
    if hasBufferedUInt32 {
      hasBufferedUInt32 = false
      return bufferedUInt32
    }
    let word = nextUInt64()
    hasBufferedUInt32 = true
    bufferedUInt32 = UInt32(truncatingIfNeeded: word >> 32)
    return UInt32(truncatingIfNeeded: word)
  }

  /// The next double in [0, 1): `(nextUInt64 >> 11) * 2^-53`.
  @inline(__always)
  public mutating func nextDouble() -> Double {
    Double(nextUInt64() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }
}
