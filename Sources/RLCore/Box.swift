/// A box of Float32 vectors with per-element bounds (Gymnasium's `Box(low, high, shape, float32)`).
///
/// Bounds are stored as Float32, as Gymnasium casts them to the space's dtype; ±infinity marks an
/// unbounded side. The space owns its own generator.
public struct Box: Sendable, Hashable {
  /// Lower bounds, one per element.
  public let low: [Float]
  /// Upper bounds, one per element.
  public let high: [Float]
  /// The shape (row-major); the element count is its product.
  public let shape: [Int]
  /// The space's own generator (nil until seeded or first sampled).
  public private(set) var generator: NumPyGenerator?

  /// Creates a box from per-element bounds.
  /// - Parameters:
  ///   - low: lower bounds.
  ///   - high: upper bounds, the same count as `low`, each `>= low`.
  ///   - shape: the shape; defaults to `[low.count]`.
  public init(low: [Float], high: [Float], shape: [Int]? = nil) {
    precondition(low.count == high.count, "Box bounds must have the same length")
    precondition(zip(low, high).allSatisfy { $0 <= $1 }, "Box needs low <= high")
    let shape = shape ?? [low.count]
    precondition(shape.reduce(1, *) == low.count, "Box shape does not match the bounds")
    self.low = low
    self.high = high
    self.shape = shape
  }

  /// Creates a box with the same scalar bounds for every element.
  /// - Parameters:
  ///   - low: the lower bound.
  ///   - high: the upper bound.
  ///   - shape: the shape.
  public init(low: Float, high: Float, shape: [Int]) {
    let count = shape.reduce(1, *)
    self.init(
      low: Array(repeating: low, count: count), high: Array(repeating: high, count: count),
      shape: shape)
  }

  /// The number of elements.
  public var count: Int { low.count }

  /// Whether every bound is finite.
  public var isBounded: Bool { low.allSatisfy(\.isFinite) && high.allSatisfy(\.isFinite) }

  /// Whether `value` lies in the box: right element count, no NaN, `low <= x <= high` elementwise.
  /// - Parameter value: the candidate vector.
  /// - Returns: true when contained.
  public func contains(_ value: [Float]) -> Bool {
    guard value.count == count else { return false }
    for index in 0..<count where !(value[index] >= low[index] && value[index] <= high[index]) {
      return false
    }
    return true
  }

  /// Clips each element into the bounds (`np.clip(x, low, high)`).
  /// - Parameter value: a vector of `count` elements.
  /// - Returns: the clipped vector.
  public func clip(_ value: [Float]) -> [Float] {
    (0..<Swift.min(count, value.count)).map { Swift.min(Swift.max(value[$0], low[$0]), high[$0]) }
  }

  /// Seeds the space's generator (Gymnasium's `space.seed(seed)`).
  /// - Parameter seed: the seed.
  public mutating func seed(_ seed: UInt64) {
    generator = NumPyGenerator(seed: seed)
  }

  /// Draws a vector as Gymnasium's `Box.sample()`.
  ///
  /// Bounded elements: `uniform(low, high)` in Float64 from the Float32 bounds, rounded to Float32 —
  /// bit for bit NumPy's draws. Unbounded and half-bounded elements are drawn first (normal, shifted
  /// exponential), in Gymnasium's order but with this toolkit's normal/exponential, not NumPy's ziggurat.
  /// - Returns: a vector in the box.
  public mutating func sample() -> [Float] {
    var rng = generator ?? NumPyGenerator.fromEntropy()
    defer { generator = rng }
    var sample = [Double](repeating: 0, count: count)
    let below = low.map(\.isFinite)
    let above = high.map(\.isFinite)
    for index in 0..<count where !below[index] && !above[index] {
      sample[index] = rng.standardNormal()
    }
    for index in 0..<count where below[index] && !above[index] {
      sample[index] = rng.standardExponential() + Double(low[index])
    }
    for index in 0..<count where !below[index] && above[index] {
      sample[index] = -rng.standardExponential() + Double(high[index])
    }
    for index in 0..<count where below[index] && above[index] {
      sample[index] = rng.uniform(Double(low[index]), Double(high[index]))
    }
    return sample.map { Float($0) }
  }
}
