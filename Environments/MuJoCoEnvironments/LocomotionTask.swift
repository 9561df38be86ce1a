public import RLCore

/// What distinguishes Gymnasium's planar MuJoCo locomotion tasks (v4): the model file, its sizes, the frame
/// skip, the reward weights and the health test. `Locomotion` runs any of them.
public struct LocomotionTask: Sendable {
  /// When the robot counts as healthy (an unhealthy one ends the episode, if asked).
  public enum Health: Sendable {
    /// Hopper: `qpos[2:]` and `qvel` inside (−s, s), z > zMin, |angle| < a (strict).
    case hopper(zMin: Double, angle: Double, state: Double)
    /// Walker2d: zMin < z < zMax and |angle| < a (strict).
    case walker(zMin: Double, zMax: Double, angle: Double)
  }

  /// How the reset perturbs the velocities.
  public enum VelocityNoise: Sendable {
    /// `uniform(−scale, scale)` per degree of freedom (Hopper, Walker2d).
    case uniform
    /// `scale · standard_normal()` per degree of freedom (HalfCheetah; NumPy's ziggurat).
    case normal
  }

  /// The registry id and the model file (in `MuJoCoAssets`).
  public private(set) var id: String, modelFile: String
  /// The expected sizes: position coordinates, degrees of freedom, actuators.
  public let nq: Int, nv: Int, nu: Int
  /// MuJoCo steps per environment step.
  public let frameSkip: Int
  /// Defaults of `ctrl_cost_weight` and `reset_noise_scale`.
  public let controlCostWeight: Double, resetNoiseScale: Double
  /// The health test, or nil for a task that never terminates (and has no healthy reward).
  public let health: Health?
  /// The reset's velocity noise, and whether observed velocities are clipped to ±10.
  public let velocityNoise: VelocityNoise, clipsVelocities: Bool
  /// Gymnasium's reward threshold, and a one-line summary.
  public let rewardThreshold: Double?, summary: String
  /// D4RL's reference returns (random, expert), so normalised scores read as in the papers.
  public let referenceReturns: (random: Double, expert: Double)
  /// v5: the healthy reward only while healthy (v4 pays it on the terminating step too).
  public var healthyRewardOnlyWhenHealthy = false

  /// The v5 variant: Gymnasium's v5 changes that alter dynamics or rewards — the healthy reward only while healthy
  /// (Hopper, Walker2d), Walker2d's `walker2d_v5.xml` (both feet with the same friction). HalfCheetah-v5 differs
  /// from v4 only in its info entries.
  public var v5: LocomotionTask {
    var task = self
    task.id = id.replacingOccurrences(of: "-v4", with: "-v5")
    task.healthyRewardOnlyWhenHealthy = health != nil
    if modelFile == "walker2d.xml" { task.modelFile = "walker2d_v5.xml" }
    return task
  }

  /// Hopper-v4: a one-legged robot (torso, thigh, leg, foot; 3 hinges) hopping forward. Frame skip 4,
  /// `ctrl_cost_weight` 1e-3, `reset_noise_scale` 5e-3; healthy while `qpos[2:]`, `qvel` ∈ (−100, 100),
  /// z > 0.7 and the torso angle ∈ (−0.2, 0.2). Reward threshold 3800.
  public static let hopper = LocomotionTask(
    id: "Hopper-v4", modelFile: "hopper.xml", nq: 6, nv: 6, nu: 3, frameSkip: 4, controlCostWeight: 1e-3,
    resetNoiseScale: 5e-3, health: .hopper(zMin: 0.7, angle: 0.2, state: 100), velocityNoise: .uniform,
    clipsVelocities: true, rewardThreshold: 3800,
    summary: "make a one-legged robot hop forward (MuJoCo)", referenceReturns: (-20.272305, 3234.3))

  /// Walker2d-v4: a two-legged planar robot (torso, two thighs, legs, feet; 6 hinges) walking forward. Frame
  /// skip 4, `ctrl_cost_weight` 1e-3, `reset_noise_scale` 5e-3; healthy while 0.8 < z < 2 and the torso
  /// angle ∈ (−1, 1). No reward threshold.
  public static let walker2d = LocomotionTask(
    id: "Walker2d-v4", modelFile: "walker2d.xml", nq: 9, nv: 9, nu: 6, frameSkip: 4, controlCostWeight: 1e-3,
    resetNoiseScale: 5e-3, health: .walker(zMin: 0.8, zMax: 2, angle: 1), velocityNoise: .uniform,
    clipsVelocities: true, rewardThreshold: nil,
    summary: "make a two-legged robot walk forward (MuJoCo)", referenceReturns: (1.629008, 4592.3))

  /// HalfCheetah-v4: a planar cat-like robot (torso, back and front thigh, shin, foot; 6 hinges) running forward.
  /// Frame skip 5, `ctrl_cost_weight` 0.1, `reset_noise_scale` 0.1 (uniform positions, normal velocities);
  /// never terminates, no healthy reward, velocities observed unclipped. Reward threshold 4800.
  public static let halfCheetah = LocomotionTask(
    id: "HalfCheetah-v4", modelFile: "half_cheetah.xml", nq: 9, nv: 9, nu: 6, frameSkip: 5, controlCostWeight: 0.1,
    resetNoiseScale: 0.1, health: nil, velocityNoise: .normal, clipsVelocities: false, rewardThreshold: 4800,
    summary: "make a planar cheetah run forward (MuJoCo)", referenceReturns: (-280.178953, 12135.0))

  /// Gymnasium's `is_healthy` on positions and velocities (always true without a health test).
  func isHealthy(qpos: [Double], qvel: [Double]) -> Bool {
    let (z, angle) = (qpos[1], qpos[2])
    switch health {
    case nil:
      return true
    case .hopper(let zMin, let limit, let state):
      let inside = (qpos[2...] + qvel[...]).allSatisfy { -state < $0 && $0 < state }
      return inside && zMin < z && -limit < angle && angle < limit
    case .walker(let zMin, let zMax, let limit):
      return zMin < z && z < zMax && -limit < angle && angle < limit
    }
  }
}
