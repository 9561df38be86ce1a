public import RLCore

/// A linear state-feedback controller for CartPole: push right when `10θ + 2θ̇ + 0.3x + 0.8ẋ > 0`.
///
/// The angle terms balance the pole (a PD law on θ); the small cart terms keep the cart near the
/// centre so it does not leave the track within 500 steps. Balances all 100 seeds 0..<100 for the
/// full 500 steps.
public struct CartPoleExpert: Policy {
  /// Gains on `(x, ẋ, θ, θ̇)`.
  public let gains: (x: Float, xDot: Float, theta: Float, thetaDot: Float) = (0.3, 0.8, 10, 2)

  /// Creates the controller.
  public init() {}

  /// Stateless: nothing to reset.
  public mutating func reset(seed: UInt64?) {}

  /// Pushes towards the side the pole is falling to (with cart centring).
  public mutating func action(for observation: [Float]) -> Action {
    let score =
      gains.theta * observation[2] + gains.thetaDot * observation[3] + gains.x * observation[0]
      + gains.xDot * observation[1]
    return .discrete(score > 0 ? 1 : 0)
  }
}
