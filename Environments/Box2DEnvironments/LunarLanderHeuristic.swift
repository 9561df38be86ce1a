public import RLCore

/// Gymnasium's built-in LunarLander heuristic (`heuristic(env, s)`), in Float32 as NumPy 2 computes
/// it on the Float32 observation, with its gains exposed.
///
/// It points the lander towards the pad (`angleTarget = clamp(0.5·x + vx, ±0.4)`), holds a hover
/// height proportional to the horizontal distance, and after touch-down only damps vertical speed.
/// `Gains.gymnasium` is Gymnasium's controller; `Gains.tuned(continuous:)` (the registered experts)
/// damp the speeds more and hover lower.
public struct LunarLanderHeuristic: Policy {
  /// The controller's constants.
  public struct Gains: Sendable, Equatable {
    /// Weight of the horizontal position in the angle target.
    public var position: Float
    /// Weight of the horizontal velocity in the angle target.
    public var velocity: Float
    /// Limit of the angle target.
    public var angleLimit: Float
    /// Hover height per unit of horizontal distance.
    public var hover: Float
    /// Proportional and derivative gains of the angle loop.
    public var angleP: Float, angleD: Float
    /// Proportional and derivative gains of the hover loop.
    public var hoverP: Float, hoverD: Float
    /// Dead band of the discrete decisions.
    public var threshold: Float

    /// Gymnasium's constants.
    public static let gymnasium = Gains(
      position: 0.5, velocity: 1.0, angleLimit: 0.4, hover: 0.55, angleP: 0.5, angleD: 1.0, hoverP: 0.5, hoverD: 0.5,
      threshold: 0.05)

    /// More damping of the vertical and angular speeds and a lower hover line: found by a small grid
    /// search on seeds 1000–1059 (274 vs 260 for Gymnasium's constants on those seeds).
    public static let tuned = Gains(
      position: 0.5, velocity: 1.0, angleLimit: 0.4, hover: 0.4, angleP: 0.5, angleD: 1.5, hoverP: 0.5, hoverD: 0.8,
      threshold: 0.05)

    /// The continuous controller's tuning (same search): more angular damping, a lower hover line
    /// (287 vs 281 for Gymnasium's constants on seeds 1000–1059).
    public static let tunedContinuous = Gains(
      position: 0.5, velocity: 1.0, angleLimit: 0.4, hover: 0.45, angleP: 0.5, angleD: 1.25, hoverP: 0.5, hoverD: 0.5,
      threshold: 0.05)

    /// The tuned constants for a continuous or discrete controller.
    public static func tuned(continuous: Bool) -> Gains { continuous ? tunedContinuous : tuned }
  }

  /// Whether to emit continuous `[main, lateral]` actions.
  public let continuous: Bool
  /// The constants in use.
  public let gains: Gains

  /// Creates the controller.
  /// - Parameters:
  ///   - continuous: emit continuous actions (for `continuous=true`).
  ///   - gains: the constants (Gymnasium's by default).
  public init(continuous: Bool, gains: Gains = .gymnasium) {
    self.continuous = continuous
    self.gains = gains
  }

  /// Stateless: nothing to reset.
  public mutating func reset(seed: UInt64?) {}

  /// The heuristic's action for an observation.
  public mutating func action(for s: [Float]) -> Action {
    let g = gains
    let angleTarget = min(max(s[0] * g.position + s[2] * g.velocity, -g.angleLimit), g.angleLimit)
    let hoverTarget = g.hover * abs(s[0])
    var angleTodo = (angleTarget - s[4]) * g.angleP - s[5] * g.angleD
    var hoverTodo = (hoverTarget - s[1]) * g.hoverP - s[3] * g.hoverD
    if s[6] != 0 || s[7] != 0 {
      angleTodo = 0
      hoverTodo = -s[3] * g.hoverD
    }
    if continuous {
      return .continuous([min(max(hoverTodo * 20 - 1, -1), 1), min(max(-angleTodo * 20, -1), 1)])
    }
    if hoverTodo > abs(angleTodo) && hoverTodo > g.threshold { return .discrete(2) }
    if angleTodo < -g.threshold { return .discrete(3) }
    if angleTodo > g.threshold { return .discrete(1) }
    return .discrete(0)
  }
}
