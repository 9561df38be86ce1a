/// An action space: discrete integers or a box of Float32 vectors.
public enum Space: Sendable, Hashable {
  /// A `Discrete` space; actions are `.discrete(Int)`.
  case discrete(Discrete)
  /// A `Box` space; actions are `.continuous([Float])`.
  case box(Box)

  /// Whether `action` is an element of the space (the right kind, in range, right length).
  /// - Parameter action: the candidate action.
  /// - Returns: true when contained.
  public func contains(_ action: Action) -> Bool {
    switch (self, action) {
    case (.discrete(let space), .discrete(let value)): space.contains(value)
    case (.box(let space), .continuous(let values)): space.contains(values)
    default: false
    }
  }

  /// Seeds the space's own generator.
  /// - Parameter seed: the seed.
  public mutating func seed(_ seed: UInt64) {
    switch self {
    case .discrete(var space):
      space.seed(seed)
      self = .discrete(space)
    case .box(var space):
      space.seed(seed)
      self = .box(space)
    }
  }

  /// Draws an action with the space's own generator.
  /// - Returns: a uniformly drawn action of the matching kind.
  public mutating func sample() -> Action {
    switch self {
    case .discrete(var space):
      let value = space.sample()
      self = .discrete(space)
      return .discrete(value)
    case .box(var space):
      let value = space.sample()
      self = .box(space)
      return .continuous(value)
    }
  }

  /// A short description such as `Discrete(2)` or `Box(-2.0, 2.0, (1,))`.
  public var summary: String {
    switch self {
    case .discrete(let space):
      space.start == 0 ? "Discrete(\(space.count))" : "Discrete(\(space.count), start=\(space.start))"
    case .box(let space): space.summary
    }
  }
}

extension Box {
  /// A short description such as `Box(-2.0, 2.0, (1,))` or `Box([..], [..], (4,))`.
  public var summary: String {
    let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    if Set(low).count == 1, Set(high).count == 1, let lo = low.first, let hi = high.first {
      return "Box(\(lo), \(hi), \(shapeText))"
    }
    let lows = low.map { "\($0)" }.joined(separator: ", ")
    let highs = high.map { "\($0)" }.joined(separator: ", ")
    return "Box([\(lows)], [\(highs)], \(shapeText))"
  }
}
