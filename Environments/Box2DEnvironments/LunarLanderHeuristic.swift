public import RLCore

/// Gymnasium's built-in LunarLander heuristic (`heuristic(env, s)`), in Float32 as NumPy 2 computes
/// it on the Float32 observation.
///
/// It points the lander towards the pad (`angleTarget = clamp(0.5·x + vx, ±0.4)`), holds a hover
/// height proportional to the horizontal distance, and after touch-down only damps vertical speed.
public struct LunarLanderHeuristic: Policy {
  /// Whether to emit continuous `[main, lateral]` actions.
  public let continuous: Bool

  /// Creates the controller.
  /// - Parameter continuous: emit continuous actions (for `continuous=true`).
  public init(continuous: Bool) {
    self.continuous = continuous
  }

  /// Stateless: nothing to reset.
  public mutating func reset(seed: UInt64?) {}

  /// The heuristic's action for an observation.
  public mutating func action(for s: [Float]) -> Action {
    let angleTarget = min(max(s[0] * 0.5 + s[2] * 1.0, -0.4), 0.4)
    let hoverTarget = 0.55 * abs(s[0])
    var angleTodo = (angleTarget - s[4]) * 0.5 - s[5] * 1.0
    var hoverTodo = (hoverTarget - s[1]) * 0.5 - s[3] * 0.5
    if s[6] != 0 || s[7] != 0 {
      angleTodo = 0
      hoverTodo = -s[3] * 0.5
    }
    if continuous {
      return .continuous([min(max(hoverTodo * 20 - 1, -1), 1), min(max(-angleTodo * 20, -1), 1)])
    }
    if hoverTodo > abs(angleTodo) && hoverTodo > 0.05 { return .discrete(2) }
    if angleTodo < -0.05 { return .discrete(3) }
    if angleTodo > 0.05 { return .discrete(1) }
    return .discrete(0)
  }
}
