public import RLCore

/// The MuJoCo plugin: Gymnasium's locomotion tasks on Debian's libmujoco (2.2.2) with Gymnasium's model files
/// (`MuJoCoAssets`, installed by `Scripts/install-mujoco-assets.sh`).
public enum MuJoCoEnvironments {
  /// The tasks, in registry order.
  public static let tasks: [LocomotionTask] = [.hopper, .walker2d, .halfCheetah].flatMap { [$0, $0.v5] }

  /// The plugin's registry table. The experts are trained here (`spikingmind train-expert`, ARS), not built in: the
  /// registered expert carries D4RL's reference returns and asks for a trained one (`collect-experts --expert DIR`).
  public static let specs: [EnvironmentSpec] = tasks.map { task in
    EnvironmentSpec(
      id: task.id, maxEpisodeSteps: 1000, rewardThreshold: task.rewardThreshold, summary: task.summary,
      expert: ExpertSpec(
        name: "trained", summary: "a policy trained by spikingmind train-expert (none is built in)", mediumNoise: 0.3,
        randomReturn: task.referenceReturns.random, expertReturn: task.referenceReturns.expert
      ) { _ throws(EnvironmentError) in
        throw .missingAsset(
          environment: task.id, path: "a trained expert",
          remedy: "train one with spikingmind train-expert --env \(task.id) and pass collect-experts --expert <its run directory>")
      }
    ) { options throws(EnvironmentError) in try Locomotion(task, options: options) }
  }
}
