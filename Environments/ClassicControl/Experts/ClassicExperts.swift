import Foundation
public import RLCore

/// Expert factories for the classic-control tasks (model-based where the task allows it).
public enum ClassicExperts {
  /// MountainCar-v0: a depth-2 search over {left, right} with "push along the velocity" rollouts.
  /// - Parameter options: the environment's constructor options (`goal_velocity`).
  /// - Returns: the policy.
  /// - Throws: `EnvironmentError` for bad options.
  public static func mountainCar(options: Options) throws(EnvironmentError) -> any Policy {
    RolloutPlanner(
      model: try MountainCar(options: options), candidates: [.discrete(0), .discrete(2)], horizon: 200,
      state: { [Double($0[0]), Double($0[1])] }, base: { .discrete($0[1] > 0 ? 2 : 0) }, depth: 2)
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

  /// Acrobot-v1: a depth-4 search over the three torques, then "torque along θ̇2 − 0.45·θ̇1" rollouts
  /// (energy pumping through the elbow), 150-step horizon.
  /// - Parameter options: the environment's constructor options (none).
  /// - Returns: the policy.
  /// - Throws: `EnvironmentError` for bad options.
  public static func acrobot(options: Options) throws(EnvironmentError) -> any Policy {
    RolloutPlanner(
      model: try Acrobot(options: options), candidates: [.discrete(0), .discrete(1), .discrete(2)],
      horizon: 150,
      state: { observation in
        [
          atan2(Double(observation[1]), Double(observation[0])),
          atan2(Double(observation[3]), Double(observation[2])), Double(observation[4]), Double(observation[5]),
        ]
      },
      base: { .discrete(($0[5] - 0.45 * $0[4]) > 0 ? 2 : 0) }, depth: 4)
  }

  /// Pendulum-v1: a depth-2 search over five torques, then the energy-shaping/PD expert, scored by the return
  /// over a 60-step horizon (model-predictive control on the exact model).
  /// - Parameter options: the environment's constructor options (`g`).
  /// - Returns: the policy.
  /// - Throws: `EnvironmentError` for bad options.
  public static func pendulum(options: Options) throws(EnvironmentError) -> any Policy {
    RolloutPlanner(
      model: try Pendulum(options: options), candidates: [-2, -1, 0, 1, 2].map { .continuous([$0]) }, horizon: 60,
      state: { [Double(atan2($0[1], $0[0])), Double($0[2])] },
      base: { observation in
        var expert = PendulumExpert()
        return expert.action(for: observation)
      }, depth: 2)
  }
}
