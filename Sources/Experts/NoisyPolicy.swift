public import RLCore

/// Replaces a policy's action by a uniformly random one with probability `noise` (ε-greedy style).
///
/// Both the coin and the random action use generators owned by this policy, seeded per episode, so
/// a noisy episode is reproducible from its seed.
public struct NoisyPolicy: Policy {
  /// The wrapped policy.
  public private(set) var inner: any Policy
  /// The probability of a random action.
  public let noise: Double
  private var space: Space
  private var coin: NumPyGenerator

  /// Creates a noisy policy.
  /// - Parameters:
  ///   - inner: the policy to perturb.
  ///   - space: the action space random actions are drawn from.
  ///   - noise: the probability of a random action, in [0, 1].
  ///   - seed: seeds the coin and the action space.
  public init(inner: any Policy, space: Space, noise: Double, seed: UInt64) {
    self.inner = inner
    self.space = space
    self.noise = noise
    coin = NumPyGenerator(seed: seed)
    self.space.seed(seed &+ 1)
  }

  /// Resets the inner policy and reseeds both generators when `seed` is given.
  public mutating func reset(seed: UInt64?) {
    inner.reset(seed: seed)
    if let seed {
      coin = NumPyGenerator(seed: seed)
      space.seed(seed &+ 1)
    }
  }

  /// The inner action, or a random one with probability `noise`.
  public mutating func action(for observation: [Float]) -> Action {
    action(for: observation, state: [])
  }

  /// The inner action (given the state too), or a random one with probability `noise`.
  public mutating func action(for observation: [Float], state: [Double]) -> Action {
    let expertAction = inner.action(for: observation, state: state)
    return coin.random() < noise ? space.sample() : expertAction
  }
}
