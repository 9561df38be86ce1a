/// Chooses actions from observations (experts, random baselines, trained models).
public protocol Policy: Sendable {
  /// Prepares for a new episode; a seeded policy reseeds its generator.
  /// - Parameter seed: the episode seed, or nil to continue.
  mutating func reset(seed: UInt64?)

  /// The action to take after observing `observation`.
  /// - Parameter observation: the current observation.
  /// - Returns: an element of the environment's action space.
  mutating func action(for observation: [Float]) -> Action

  /// The action when the environment's exact internal state is available too (`Environment.state`; empty
  /// when not exposed): model-based experts plan from it instead of the Float32-rounded observation. The
  /// default ignores the state.
  /// - Parameters:
  ///   - observation: the current observation.
  ///   - state: the environment's internal state, or empty.
  mutating func action(for observation: [Float], state: [Double]) -> Action
}

extension Policy {
  /// Ignores the state: `action(for: observation)`.
  public mutating func action(for observation: [Float], state: [Double]) -> Action { action(for: observation) }
}

/// Samples uniformly from an action space with the space's own seeded generator.
public struct RandomPolicy: Policy {
  /// The space actions are drawn from (it owns the generator).
  public private(set) var space: Space

  /// Creates a random policy.
  /// - Parameters:
  ///   - space: the action space.
  ///   - seed: seeds the space's generator (Gymnasium's `action_space.seed(seed)`).
  public init(space: Space, seed: UInt64) {
    self.space = space
    self.space.seed(seed)
  }

  /// Reseeds the space when `seed` is non-nil.
  public mutating func reset(seed: UInt64?) {
    if let seed { space.seed(seed) }
  }

  /// A uniformly sampled action (the observation is ignored).
  public mutating func action(for observation: [Float]) -> Action {
    space.sample()
  }
}
