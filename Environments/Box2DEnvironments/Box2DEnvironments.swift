public import RLCore

/// The Box2D plugin: LunarLander-v3 (discrete and continuous) on Debian's libbox2d.
public enum Box2DEnvironments {
  /// The plugin's registry table.
  public static let specs: [EnvironmentSpec] = [
    EnvironmentSpec(
      id: LunarLander.id, maxEpisodeSteps: 1000, rewardThreshold: 200,
      summary: "land a rocket on a pad (Box2D)",
      expert: ExpertSpec(
        name: "lunarlander-heuristic", summary: "Gymnasium's built-in heuristic controller",
        mediumNoise: 0.5, randomReturn: -180, expertReturn: 250
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
        mediumNoise: 0.5, randomReturn: -180, expertReturn: 270
      ) { options throws(EnvironmentError) in
        LunarLanderHeuristic(continuous: try LunarLanderConfiguration(options: options).continuous)
      }
    ) { options throws(EnvironmentError) in try LunarLander(options: options) },
  ]
}
