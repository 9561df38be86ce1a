public import RLCore

/// The classic-control plugin: Gymnasium 1.4.0's five classic-control tasks, bit-exact.
///
/// Expert reference returns are the means over 100 episodes of `spikingmind collect-experts
/// --quality expert|random --seed 0` (episode seeds derived from 0); `mediumNoise` was tuned with
/// `--quality medium --noise x` so the medium mean lies about halfway between them. `ExpertsTests`
/// re-measures all three on fewer episodes.
public enum ClassicControl {
  /// The plugin's registry table.
  public static let specs: [EnvironmentSpec] = [
    EnvironmentSpec(
      id: CartPole.id, maxEpisodeSteps: 500, rewardThreshold: 475,
      summary: "balance a pole on a cart (Barto, Sutton & Anderson 1983)",
      expert: ExpertSpec(
        name: "cartpole-linear", summary: "linear state feedback on angle, angular velocity and cart position",
        mediumNoise: 0.45, randomReturn: 23.28, expertReturn: 500
      ) { _ throws(EnvironmentError) in CartPoleExpert() }
    ) { options throws(EnvironmentError) in try CartPole(options: options) },
    EnvironmentSpec(
      id: MountainCar.id, maxEpisodeSteps: 200, rewardThreshold: -110,
      summary: "rock an under-powered car up a hill (Moore 1990)",
      expert: ExpertSpec(
        name: "mountaincar-rollout-planner", summary: "two-step search over push-along-velocity rollouts",
        mediumNoise: 0.2, randomReturn: -200, expertReturn: -101.81
      ) { options throws(EnvironmentError) in try ClassicExperts.mountainCar(options: options) }
    ) { options throws(EnvironmentError) in try MountainCar(options: options) },
    EnvironmentSpec(
      id: MountainCarContinuous.id, maxEpisodeSteps: 999, rewardThreshold: 90,
      summary: "MountainCar with a continuous force and an energy penalty",
      expert: ExpertSpec(
        name: "mountaincar-continuous-rollout-planner",
        summary: "one-step lookahead over full-force push-along-velocity rollouts",
        mediumNoise: 0.885, randomReturn: -33.50, expertReturn: 93.15
      ) { options throws(EnvironmentError) in try ClassicExperts.mountainCarContinuous(options: options) }
    ) { options throws(EnvironmentError) in try MountainCarContinuous(options: options) },
    EnvironmentSpec(
      id: Acrobot.id, maxEpisodeSteps: 500, rewardThreshold: -100,
      summary: "swing a two-link chain's tip above a line (Sutton 1996)",
      expert: ExpertSpec(
        name: "acrobot-rollout-planner", summary: "four-step search over elbow energy-pumping rollouts",
        mediumNoise: 0.55, randomReturn: -500, expertReturn: -61.72
      ) { options throws(EnvironmentError) in try ClassicExperts.acrobot(options: options) }
    ) { options throws(EnvironmentError) in try Acrobot(options: options) },
    EnvironmentSpec(
      id: Pendulum.id, maxEpisodeSteps: 200, rewardThreshold: nil,
      summary: "swing up and balance a pendulum with bounded torque",
      expert: ExpertSpec(
        name: "pendulum-mpc", summary: "two-step torque search over energy-shaping/PD rollouts (60-step horizon)",
        mediumNoise: 0.61, randomReturn: -1191.76, expertReturn: -136.67
      ) { options throws(EnvironmentError) in try ClassicExperts.pendulum(options: options) }
    ) { options throws(EnvironmentError) in try Pendulum(options: options) },
  ]
}
