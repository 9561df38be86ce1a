import Foundation

/// A seedable generator that reproduces `numpy.random.Generator(PCG64(SeedSequence(seed)))`.
///
/// Environments and spaces own one each (Gymnasium's `np_random`), so `reset(seed: s)` gives the
/// same initial state as Gymnasium bit for bit and a later unseeded `reset()` continues the stream.
/// Only the methods Gymnasium's environments and spaces use are provided, each matching NumPy 2.x.
public struct NumPyGenerator: Sendable, Hashable {
  /// The underlying bit generator.
  public private(set) var bitGenerator: PCG64
  /// The seed this generator was created from.
  public let seed: UInt64

  /// Creates the generator Gymnasium's `seeding.np_random(seed)` creates.
  /// - Parameter seed: a non-negative seed.
  public init(seed: UInt64) {
    self.seed = seed
    bitGenerator = PCG64(seedSequence: SeedSequence(seed))
  }

  /// Creates a generator from operating-system entropy (Gymnasium's behaviour when no seed is given).
  public static func fromEntropy() -> NumPyGenerator {
    var system = SystemRandomNumberGenerator()
    return NumPyGenerator(seed: system.next() >> 1)
  }

  /// `Generator.random()`: a double in [0, 1) with 53 random bits.
  public mutating func random() -> Double { bitGenerator.nextDouble() }

  /// `Generator.uniform(low, high)`: `low + (high - low) * random()`, the difference formed first.
  /// - Parameters:
  ///   - low: the lower bound.
  ///   - high: the upper bound.
  /// - Returns: a double in [low, high) (high itself is possible after rounding).
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    let range = high - low
    return low + range * bitGenerator.nextDouble()
  }

  /// `Generator.integers(low, high)` for the default int64 dtype (high exclusive), Lemire's method.
  /// - Parameters:
  ///   - low: the inclusive lower bound.
  ///   - high: the exclusive upper bound; must exceed `low`.
  /// - Returns: an integer in `low..<high`.
  public mutating func integers(_ low: Int64, _ high: Int64) -> Int64 {
    precondition(high > low, "integers requires low < high")
    let range = UInt64(bitPattern: high &- low &- 1)
    if range == 0 { return low }
    if range <= UInt64(UInt32.max) {
      return low &+ Int64(boundedUInt32(UInt32(range)))
    }
    return low &+ Int64(bitPattern: boundedUInt64(range))
  }

  /// Lemire's nearly-divisionless bounded draw on buffered 32-bit outputs (NumPy's `buffered_bounded_lemire_uint32`).
  private mutating func boundedUInt32(_ range: UInt32) -> UInt32 {
    if range == UInt32.max { return bitGenerator.nextUInt32() }
    let exclusive = UInt64(range) + 1
    var product = UInt64(bitGenerator.nextUInt32()) * exclusive
    var leftover = product & 0xFFFF_FFFF
    if leftover < exclusive {
      let threshold = (UInt64(UInt32.max) - UInt64(range)) % exclusive
      while leftover < threshold {
        product = UInt64(bitGenerator.nextUInt32()) * exclusive
        leftover = product & 0xFFFF_FFFF
      }
    }
    return UInt32(product >> 32)
  }

  /// The 64-bit analogue of `boundedUInt32`.
  private mutating func boundedUInt64(_ range: UInt64) -> UInt64 {
    if range == UInt64.max { return bitGenerator.nextUInt64() }
    let exclusive = range &+ 1
    var product = bitGenerator.nextUInt64().multipliedFullWidth(by: exclusive)
    if product.low < exclusive {
      let threshold = (UInt64.max - range) % exclusive
      while product.low < threshold {
        product = bitGenerator.nextUInt64().multipliedFullWidth(by: exclusive)
      }
    }
    return product.high
  }

  /// A standard normal draw by the Box–Muller transform.
  ///
  /// Not NumPy's ziggurat: only used to sample unbounded `Box` dimensions, which no Gymnasium
  /// reference depends on. Documented as a deviation.
  public mutating func standardNormal() -> Double {
    var u1 = random()
    while u1 == 0 { u1 = random() }
    let u2 = random()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// NumPy's `standard_normal` (the ziggurat, `NumPyZiggurat`): the same stream consumption as NumPy, values to
  /// ~1e-14. (`standardNormal()` is Box–Muller and stays for the streams already recorded with it.)
  public mutating func zigguratNormal() -> Double { NumPyZiggurat.draw(&bitGenerator) }

  /// A standard exponential draw by inversion (not NumPy's ziggurat; see `standardNormal`).
  public mutating func standardExponential() -> Double {
    -log(1 - random())
  }
}

extension Optional where Wrapped == NumPyGenerator {
  /// Applies Gymnasium's reset rule, then draws: a seed replaces the generator, no seed continues it
  /// (or starts one from operating-system entropy if there is none yet).
  /// - Parameters:
  ///   - seed: the reset seed, or nil.
  ///   - body: the draws of the reset distribution.
  /// - Returns: what `body` returns.
  public mutating func drawing<T>(seed: UInt64?, _ body: (inout NumPyGenerator) -> T) -> T {
    var generator = seed.map { NumPyGenerator(seed: $0) } ?? self ?? NumPyGenerator.fromEntropy()
    let result = body(&generator)
    self = generator
    return result
  }
}
