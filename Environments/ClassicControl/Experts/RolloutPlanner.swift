public import RLCore

/// One-step policy improvement by simulation: try each candidate first action on an exact model of
/// the environment, follow a base policy afterwards, and take the action that terminates soonest.
///
/// Used for the tasks whose goal is "terminate as fast as possible" (MountainCar, Acrobot). The
/// model is a fresh instance of the environment set to the state read back from the observation, so
/// the planner uses the very dynamics it is evaluated on (from Float32-rounded observations).
public struct RolloutPlanner: Policy {
  /// The environment used as a model.
  public private(set) var model: any Environment
  /// The first actions tried, in order of preference on ties.
  public let candidates: [Action]
  /// The policy followed after the first action.
  public let base: @Sendable ([Float]) -> Action
  /// The state the model starts from, given an observation.
  public let state: @Sendable ([Float]) -> [Double]
  /// The longest simulated rollout.
  public let horizon: Int

  /// Creates a planner.
  /// - Parameters:
  ///   - model: a raw environment of the task (with the same constructor options).
  ///   - candidates: the first actions to try.
  ///   - horizon: the longest rollout.
  ///   - state: reconstructs the model state from an observation.
  ///   - base: the rollout policy.
  public init(
    model: any Environment, candidates: [Action], horizon: Int,
    state: @escaping @Sendable ([Float]) -> [Double], base: @escaping @Sendable ([Float]) -> Action
  ) {
    self.model = model
    self.candidates = candidates
    self.horizon = horizon
    self.state = state
    self.base = base
  }

  /// Deterministic: nothing to reset.
  public mutating func reset(seed: UInt64?) {}

  /// The candidate whose rollout terminates in the fewest steps.
  public mutating func action(for observation: [Float]) -> Action {
    let start = state(observation)
    var best = (steps: Int.max, action: candidates[0])
    for candidate in candidates {
      let steps = stepsToTermination(from: start, first: candidate, observationCount: observation.count)
      if steps < best.steps { best = (steps, candidate) }
    }
    return best.action
  }

  private mutating func stepsToTermination(from start: [Double], first: Action, observationCount: Int) -> Int {
    var buffer = [Float](repeating: 0, count: observationCount)
    do {
      try model.setState(start)
      var action = first
      for step in 1...horizon {
        let transition = try buffer.withUnsafeMutableBufferPointer { (observation) throws(EnvironmentError) in
          try model.step(action, writingObservationInto: observation)
        }
        if transition.terminated { return step }
        action = base(buffer)
      }
    } catch {
      return Int.max
    }
    return Int.max
  }
}
