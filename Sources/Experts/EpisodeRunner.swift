public import RLCore
public import Trajectories

/// Runs one seeded episode of a policy and records it.
public enum EpisodeRunner {
  /// Plays an episode: `reset(seed:)`, then `step` until `terminated || truncated`.
  /// - Parameters:
  ///   - environment: a `make`d environment (with its time limit).
  ///   - policy: the acting policy (already seeded for this episode).
  ///   - seed: the reset seed.
  /// - Returns: the episode, actions stored as Float32 vectors.
  /// - Throws: `EnvironmentError` from the environment.
  public static func run(
    _ environment: inout any Environment, policy: inout any Policy, seed: UInt64
  ) throws(EnvironmentError) -> Episode {
    var observation = try environment.reset(seed: seed).observation
    var observations: [[Float]] = []
    var actions: [[Float]] = []
    var rewards: [Double] = []
    while true {
      let action = policy.action(for: observation, state: environment.state)
      let step = try environment.step(action)
      observations.append(observation)
      actions.append(Self.vector(action))
      rewards.append(step.reward)
      observation = step.observation
      if step.isDone {
        return Episode(
          observations: observations, actions: actions, rewards: rewards, terminated: step.terminated,
          truncated: step.truncated, finalObservation: observation)
      }
    }
  }

  /// A discrete action `k` as `[Float(k)]`, a continuous one as its values.
  public static func vector(_ action: Action) -> [Float] {
    switch action {
    case .discrete(let value): [Float(value)]
    case .continuous(let values): values
    }
  }
}
