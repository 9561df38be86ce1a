import Foundation
public import RLCore

/// Expert factories for the classic-control tasks (model-based where the task allows it).
public enum ClassicExperts {
  /// MountainCar-v0: rollout planner over {left, right} with "push along the velocity" rollouts.
  /// - Parameter options: the environment's constructor options (`goal_velocity`).
  /// - Returns: the policy.
  /// - Throws: `EnvironmentError` for bad options.
  public static func mountainCar(options: Options) throws(EnvironmentError) -> any Policy {
    RolloutPlanner(
      model: try MountainCar(options: options), candidates: [.discrete(0), .discrete(2)], horizon: 200,
      state: { [Double($0[0]), Double($0[1])] }, base: { .discrete($0[1] > 0 ? 2 : 0) })
  }

  /// MountainCarContinuous-v0: the same planner with full force ±1.
  /// - Parameter options: the environment's constructor options (`goal_velocity`).
  /// - Returns: the policy.
  /// - Throws: `EnvironmentError` for bad options.
  public static func mountainCarContinuous(options: Options) throws(EnvironmentError) -> any Policy {
    RolloutPlanner(
      model: try MountainCarContinuous(options: options), candidates: [.continuous([-1]), .continuous([1])],
      horizon: 999, state: { [Double($0[0]), Double($0[1])] },
      base: { .continuous([$0[1] > 0 ? 1 : -1]) })
  }

  /// Acrobot-v1: rollout planner over the three torques with "torque along θ̇2" rollouts
  /// (energy pumping through the elbow).
  /// - Parameter options: the environment's constructor options (none).
  /// - Returns: the policy.
  /// - Throws: `EnvironmentError` for bad options.
  public static func acrobot(options: Options) throws(EnvironmentError) -> any Policy {
    RolloutPlanner(
      model: try Acrobot(options: options), candidates: [.discrete(0), .discrete(1), .discrete(2)],
      horizon: 300,
      state: { observation in
        [
          atan2(Double(observation[1]), Double(observation[0])),
          atan2(Double(observation[3]), Double(observation[2])), Double(observation[4]), Double(observation[5]),
        ]
      },
      base: { .discrete($0[5] > 0 ? 2 : 0) })
  }
}
