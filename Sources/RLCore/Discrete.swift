/// A finite set of integer actions `{start, start + 1, ..., start + count - 1}` (Gymnasium's `Discrete`).
///
/// The space owns its own generator, as Gymnasium's spaces do: seeding an environment does not seed
/// its action space. Call `seed(_:)` for reproducible samples.
public struct Discrete: Sendable, Hashable {
  /// The number of elements.
  public let count: Int
  /// The smallest element.
  public let start: Int
  /// The space's own generator (nil until seeded or first sampled).
  public private(set) var generator: NumPyGenerator?

  /// Creates `Discrete(n, start=start)`.
  /// - Parameters:
  ///   - count: the number of elements, at least 1.
  ///   - start: the smallest element.
  public init(_ count: Int, start: Int = 0) {
    precondition(count > 0, "Discrete needs at least one element")
    self.count = count
    self.start = start
  }

  /// Whether `value` is an element of the space.
  /// - Parameter value: the candidate.
  /// - Returns: true when `start <= value < start + count`.
  public func contains(_ value: Int) -> Bool {
    // The difference fits in UInt whenever value >= start, so no overflow is possible.
    value >= start && UInt(bitPattern: value &- start) < UInt(count)
  }

  /// Seeds the space's generator (Gymnasium's `space.seed(seed)`).
  /// - Parameter seed: the seed.
  public mutating func seed(_ seed: UInt64) {
    generator = NumPyGenerator(seed: seed)
  }

  /// Draws an element: `start + integers(0, count)`, as Gymnasium's `Discrete.sample()`.
  /// - Returns: a uniformly chosen element.
  public mutating func sample() -> Int {
    var rng = generator ?? NumPyGenerator.fromEntropy()
    defer { generator = rng }
    return start + Int(rng.integers(0, Int64(count)))
  }
}
