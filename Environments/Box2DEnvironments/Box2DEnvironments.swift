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
      expert: lunarLanderExpert(mediumNoise: 0.37, randomReturn: -190.17, expertReturn: 269.62)
    ) { options throws(EnvironmentError) in try LunarLander(options: options) },
    EnvironmentSpec(
      id: "LunarLanderContinuous-v3", maxEpisodeSteps: 1000, rewardThreshold: 200,
      defaultOptions: ["continuous": .bool(true)],
      summary: "LunarLander with continuous [main, lateral] throttles (Box2D)",
      expert: lunarLanderExpert(mediumNoise: 0.385, randomReturn: -231.67, expertReturn: 278.73)
    ) { options throws(EnvironmentError) in try LunarLander(options: options) },
    EnvironmentSpec(
      id: BipedalWalker.id, maxEpisodeSteps: 1600, rewardThreshold: 300,
      summary: "walk a four-joint robot over rough terrain (Box2D)",
      expert: bipedalExpert(mediumNoise: 0.005, randomReturn: -99.59, expertReturn: 294.57, gains: .tuned)
    ) { options throws(EnvironmentError) in try BipedalWalker(options: options) },
    EnvironmentSpec(
      id: "BipedalWalkerHardcore-v3", maxEpisodeSteps: 2000, rewardThreshold: 300,
      defaultOptions: ["hardcore": .bool(true)],
      summary: "BipedalWalker with stumps, stairs and pits (Box2D)",
      expert: bipedalExpert(mediumNoise: 0.01, randomReturn: -109.90, expertReturn: -58.63, gains: .gymnasium)
    ) { options throws(EnvironmentError) in try BipedalWalker(options: options) },
  ]

  /// Gymnasium's LunarLander heuristic with the retuned gains for the variant's action kind.
  static func lunarLanderExpert(mediumNoise: Double, randomReturn: Double, expertReturn: Double) -> ExpertSpec {
    ExpertSpec(
      name: "lunarlander-tuned-heuristic", summary: "Gymnasium's heuristic with retuned gains",
      mediumNoise: mediumNoise, randomReturn: randomReturn, expertReturn: expertReturn,
      makeReference: { options throws(EnvironmentError) in
        LunarLanderHeuristic(continuous: try LunarLanderConfiguration(options: options).continuous, gains: .gymnasium)
      }
    ) { options throws(EnvironmentError) in
      let continuous = try LunarLanderConfiguration(options: options).continuous
      return LunarLanderHeuristic(continuous: continuous, gains: .tuned(continuous: continuous))
    }
  }

  /// The gait heuristic is fragile (a 1% chance of random actions costs most of its return), so the
  /// medium tier's noise is tiny.
  static func bipedalExpert(
    mediumNoise: Double, randomReturn: Double, expertReturn: Double, gains: BipedalWalkerHeuristic.Gains
  ) -> ExpertSpec {
    ExpertSpec(
      name: "bipedalwalker-tuned-heuristic", summary: "Gymnasium's gait state machine with stronger hull damping",
      mediumNoise: mediumNoise, randomReturn: randomReturn, expertReturn: expertReturn,
      makeReference: { _ throws(EnvironmentError) in BipedalWalkerHeuristic(gains: .gymnasium) }
    ) { _ throws(EnvironmentError) in BipedalWalkerHeuristic(gains: gains) }
  }
}
