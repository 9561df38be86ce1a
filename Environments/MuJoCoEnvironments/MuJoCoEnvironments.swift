public import RLCore

/// The MuJoCo plugin: Gymnasium's locomotion tasks on Debian's libmujoco (2.2.2) with Gymnasium's model files
/// (`MuJoCoAssets`, installed by `Scripts/install-mujoco-assets.sh`).
public enum MuJoCoEnvironments {
  /// The tasks, in registry order.
  public static let tasks: [LocomotionTask] = [.hopper, .walker2d, .halfCheetah]

  /// The plugin's registry table.
  public static let specs: [EnvironmentSpec] = tasks.map { task in
    EnvironmentSpec(id: task.id, maxEpisodeSteps: 1000, rewardThreshold: task.rewardThreshold, summary: task.summary) {
      options throws(EnvironmentError) in try Locomotion(task, options: options)
    }
  }
}
