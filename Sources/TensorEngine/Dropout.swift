/// A seeded Bernoulli source for dropout masks (SplitMix64; owned by the caller, no global state).
public struct DropoutGenerator: Sendable {
  private var state: UInt64

  /// Creates a generator.
  /// - Parameter seed: the seed.
  public init(seed: UInt64) {
    state = seed
  }

  /// A uniform Float in [0, 1).
  public mutating func next() -> Float {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Float((z ^ (z >> 31)) >> 40) / Float(1 << 24)
  }
}

extension Variable {
  /// Inverted dropout: zeroes each element with probability `rate` and scales the rest by `1/(1 − rate)`.
  /// Backward: the same mask and scale. With `rate == 0` it is the identity.
  /// - Parameters:
  ///   - rate: the drop probability in [0, 1).
  ///   - generator: the caller's seeded generator (advanced by one draw per element).
  public func dropout(rate: Float, generator: inout DropoutGenerator) -> Variable {
    precondition(rate >= 0 && rate < 1, "dropout rate must lie in [0, 1), got \(rate)")
    guard rate > 0 else { return self }
    let scale = 1 / (1 - rate)
    let mask = Tensor(shape: shape, scalars: (0..<value.count).map { _ in generator.next() < rate ? 0 : scale })
    return tape.record(value.zipped(mask, *), parents: [self]) { g in [g.zipped(mask, *)] }
  }
}
