import Foundation
public import RLCore

/// Energy-shaping swing-up with a PD balance law near the top, for Pendulum-v1.
///
/// With `θ̈ = 15 sin θ + 3u` (g = 10), the energy `E = θ̇²/2 + 15(cos θ − 1)` is 0 at rest upright.
/// Away from the top the torque pumps energy towards 0: `u = 2·sign(θ̇ · (0 − E))`. Within
/// `|θ| < 0.6` and `|θ̇| < 4` a PD law `u = −(10θ + 2θ̇)` (poles of `θ̈ = −15θ − 6θ̇`) balances it.
public struct PendulumExpert: Policy {
  /// Proportional gain of the balance law.
  public let angleGain: Float = 10
  /// Derivative gain of the balance law.
  public let velocityGain: Float = 2

  /// Creates the controller.
  public init() {}

  /// Stateless: nothing to reset.
  public mutating func reset(seed: UInt64?) {}

  /// The swing-up or balance torque, clipped to ±2.
  public mutating func action(for observation: [Float]) -> Action {
    let (cosine, sine, velocity) = (observation[0], observation[1], observation[2])
    let angle = atan2(sine, cosine)
    let torque: Float
    if abs(angle) < 0.6 && abs(velocity) < 4 {
      torque = -(angleGain * angle + velocityGain * velocity)
    } else {
      let energy = 0.5 * velocity * velocity + 15 * (cosine - 1)
      torque = velocity * (0 - energy) > 0 || velocity == 0 ? 2 : -2
    }
    return .continuous([min(max(torque, -2), 2)])
  }
}
