public import RLCore

/// The Box2D plugin: LunarLander-v3 (discrete and continuous) and BipedalWalker-v3 (normal and
/// hardcore) on Debian's libbox2d.
///
/// Reference returns: means over 100 episodes of `spikingmind collect-experts --quality expert|random
/// --seed 0`; `mediumNoise` tuned with `--quality medium --noise x` to about halfway between them.
public enum Box2DEnvironments {
  /// The plugin's registry table.
  public static let specs: [EnvironmentSpec] = [
    EnvironmentSpec(
      id: LunarLander.id, maxEpisodeSteps: 1000, rewardThreshold: 200,
      summary: "land a rocket on a pad (Box2D)",
      expert: ExpertSpec(
        name: "lunarlander-heuristic", summary: "Gymnasium's built-in heuristic controller",
        mediumNoise: 0.26, randomReturn: -190.17, expertReturn: 241.16
      ) { options throws(EnvironmentError) in
        LunarLanderHeuristic(continuous: try LunarLanderConfiguration(options: options).continuous)
      }
    ) { options throws(EnvironmentError) in try LunarLander(options: options) },
    EnvironmentSpec(
      id: "LunarLanderContinuous-v3", maxEpisodeSteps: 1000, rewardThreshold: 200,
      defaultOptions: ["continuous": .bool(true)],
      summary: "LunarLander with continuous [main, lateral] throttles (Box2D)",
      expert: ExpertSpec(
        name: "lunarlander-heuristic", summary: "Gymnasium's built-in heuristic controller",
        mediumNoise: 0.385, randomReturn: -231.67, expertReturn: 279.91
      ) { options throws(EnvironmentError) in
        LunarLanderHeuristic(continuous: try LunarLanderConfiguration(options: options).continuous)
      }
    ) { options throws(EnvironmentError) in try LunarLander(options: options) },
    EnvironmentSpec(
      id: BipedalWalker.id, maxEpisodeSteps: 1600, rewardThreshold: 300,
      summary: "walk a four-joint robot over rough terrain (Box2D)",
      expert: bipedalExpert(mediumNoise: 0.0033, randomReturn: -99.59, expertReturn: 143.38)
    ) { options throws(EnvironmentError) in try BipedalWalker(options: options) },
    EnvironmentSpec(
      id: "BipedalWalkerHardcore-v3", maxEpisodeSteps: 2000, rewardThreshold: 300,
      defaultOptions: ["hardcore": .bool(true)],
      summary: "BipedalWalker with stumps, stairs and pits (Box2D)",
      expert: bipedalExpert(mediumNoise: 0.01, randomReturn: -109.90, expertReturn: -58.63)
    ) { options throws(EnvironmentError) in try BipedalWalker(options: options) },
  ]

  /// The gait heuristic is fragile (a 1% chance of random actions already halves its return), so the
  /// medium tier's noise is tiny.
  static func bipedalExpert(mediumNoise: Double, randomReturn: Double, expertReturn: Double) -> ExpertSpec {
    ExpertSpec(
      name: "bipedalwalker-heuristic", summary: "Gymnasium's gait state machine (no balance control)",
      mediumNoise: mediumNoise, randomReturn: randomReturn, expertReturn: expertReturn
    ) { _ throws(EnvironmentError) in BipedalWalkerHeuristic() }
  }
}
