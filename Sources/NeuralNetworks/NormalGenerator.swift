import Foundation

/// Seeded normal and uniform draws for parameter initialisation (SplitMix64 + Box–Muller).
public struct NormalGenerator: Sendable {
  private var state: UInt64

  /// Creates a generator.
  public init(seed: UInt64) {
    state = seed
  }

  /// A uniform double in [0, 1).
  public mutating func uniform() -> Double {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
  }

  /// A normal draw with the given mean and standard deviation.
  public mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
    var u1 = uniform()
    while u1 == 0 { u1 = uniform() }
    return mean + std * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * uniform())
  }

  /// `count` normal draws as Float32.
  public mutating func normals(_ count: Int, std: Double) -> [Float] {
    (0..<count).map { _ in Float(normal(std: std)) }
  }
}
