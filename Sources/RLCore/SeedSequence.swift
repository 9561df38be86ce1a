/// NumPy's `SeedSequence` entropy mixer, bit for bit (without spawn keys).
///
/// Gymnasium's `reset(seed: s)` builds `Generator(PCG64(SeedSequence(s)))`; this type reproduces the
/// first stage: the seed is split into little-endian 32-bit words, hashed into a pool of four words,
/// and `generateState` draws the words that initialise PCG64. Reference: NumPy's
/// `numpy/random/bit_generator.pyx` and `conformance/ref_rng.py`.
public struct SeedSequence: Sendable, Hashable {
  private static let poolSize = 4
  private static let initA: UInt32 = 0x43b0_d7e5
  private static let multA: UInt32 = 0x931e_8875
  private static let initB: UInt32 = 0x8b51_f9dd
  private static let multB: UInt32 = 0x58f3_8ded
  private static let mixMultL: UInt32 = 0xca01_f9dd
  private static let mixMultR: UInt32 = 0x4973_f715
  private static let xShift: UInt32 = 16

  /// The mixed entropy pool (four 32-bit words).
  public let pool: [UInt32]

  /// Creates the sequence NumPy builds for a non-negative integer seed.
  /// - Parameter seed: the entropy; NumPy splits it into little-endian 32-bit words (0 gives `[0]`).
  public init(_ seed: UInt64) {
    let low = UInt32(truncatingIfNeeded: seed)
    let high = UInt32(truncatingIfNeeded: seed >> 32)
    self.init(words: high == 0 ? [low] : [low, high])
  }

  /// Creates the sequence from explicit little-endian entropy words (for seeds wider than 64 bits).
  /// - Parameter words: at least one 32-bit word, least significant first.
  public init(words: [UInt32]) {
    var hashConstant = Self.initA
    func hashMix(_ input: UInt32) -> UInt32 {
      var value = input ^ hashConstant
      hashConstant = hashConstant &* Self.multA
      value = value &* hashConstant
      return value ^ (value >> Self.xShift)
    }
    func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
      let result = Self.mixMultL &* x &- Self.mixMultR &* y
      return result ^ (result >> Self.xShift)
    }
    let entropy = words.isEmpty ? [0] : words
    var pool = (0..<Self.poolSize).map { _ in UInt32(0) }
    for index in 0..<Self.poolSize {
      pool[index] = hashMix(index < entropy.count ? entropy[index] : 0)
    }
    for source in 0..<Self.poolSize {
      for destination in 0..<Self.poolSize where source != destination {
        pool[destination] = mix(pool[destination], hashMix(pool[source]))
      }
    }
    for source in Self.poolSize..<max(Self.poolSize, entropy.count) {
      for destination in 0..<Self.poolSize {
        pool[destination] = mix(pool[destination], hashMix(entropy[source]))
      }
    }
    self.pool = pool
  }

  /// Draws `count` 32-bit state words, as `SeedSequence.generate_state(count, uint32)`.
  /// - Parameter count: the number of words.
  /// - Returns: the words.
  public func generateState32(count: Int) -> [UInt32] {
    var hashConstant = Self.initB
    return (0..<count).map { index in
      var value = pool[index % Self.poolSize] ^ hashConstant
      hashConstant = hashConstant &* Self.multB
      value = value &* hashConstant
      return value ^ (value >> Self.xShift)
    }
  }

  /// Draws `count` 64-bit state words, as `SeedSequence.generate_state(count, uint64)`.
  /// - Parameter count: the number of words; each pairs two 32-bit words (low, high).
  /// - Returns: the words.
  public func generateState64(count: Int) -> [UInt64] {
    let words = generateState32(count: 2 * count)
    return (0..<count).map { UInt64(words[2 * $0]) | (UInt64(words[2 * $0 + 1]) << 32) }
  }
}
