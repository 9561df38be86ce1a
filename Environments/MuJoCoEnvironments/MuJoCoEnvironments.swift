public import RLCore

/// The MuJoCo plugin: Gymnasium's locomotion tasks on Debian's libmujoco (2.2.2) with Gymnasium's model files
/// (`MuJoCoAssets`, installed by `Scripts/install-mujoco-assets.sh`).
public enum MuJoCoEnvironments {
  /// The plugin's registry table.
  public static let specs: [EnvironmentSpec] = [
    EnvironmentSpec(
      id: Hopper.id, maxEpisodeSteps: 1000, rewardThreshold: 3800,
      summary: "make a one-legged robot hop forward (MuJoCo)"
    ) { options throws(EnvironmentError) in try Hopper(options: options) },
  ]
}
