public import RLCore

/// The classic-control plugin: Gymnasium 1.4.0's five classic-control tasks, bit-exact.
public enum ClassicControl {
  /// The plugin's registry table.
  public static let specs: [EnvironmentSpec] = [
    EnvironmentSpec(
      id: CartPole.id, maxEpisodeSteps: 500, rewardThreshold: 475,
      summary: "balance a pole on a cart (Barto, Sutton & Anderson 1983)"
    ) { options throws(EnvironmentError) in try CartPole(options: options) },
    EnvironmentSpec(
      id: MountainCar.id, maxEpisodeSteps: 200, rewardThreshold: -110,
      summary: "rock an under-powered car up a hill (Moore 1990)"
    ) { options throws(EnvironmentError) in try MountainCar(options: options) },
    EnvironmentSpec(
      id: MountainCarContinuous.id, maxEpisodeSteps: 999, rewardThreshold: 90,
      summary: "MountainCar with a continuous force and an energy penalty"
    ) { options throws(EnvironmentError) in try MountainCarContinuous(options: options) },
    EnvironmentSpec(
      id: Acrobot.id, maxEpisodeSteps: 500, rewardThreshold: -100,
      summary: "swing a two-link chain's tip above a line (Sutton 1996)"
    ) { options throws(EnvironmentError) in try Acrobot(options: options) },
    EnvironmentSpec(
      id: Pendulum.id, maxEpisodeSteps: 200, rewardThreshold: nil,
      summary: "swing up and balance a pendulum with bounded torque"
    ) { options throws(EnvironmentError) in try Pendulum(options: options) },
  ]
}
