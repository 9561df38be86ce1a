import Foundation
public import RLCore

/// Policy improvement by simulation: try every sequence of `depth` candidate actions on an exact model of
/// the environment, follow a base policy afterwards up to `horizon` steps or termination, and take the
/// first action of the sequence with the highest simulated return (ties: the earlier sequence).
///
/// For tasks whose reward is −1 per step until the goal (MountainCar, Acrobot) the highest return is the
/// soonest termination; for Pendulum it is the lowest cost over the horizon. The model is a fresh instance
/// of the environment set to the state read back from the observation, so the planner uses the very
/// dynamics it is evaluated on (from Float32-rounded observations).
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
  /// The length of the action sequences tried before the base policy takes over.
  public let depth: Int
  /// Besides those sequences, each candidate held for each of these many steps (macro-actions).
  public let holds: [Int]

  /// Creates a planner.
  /// - Parameters:
  ///   - model: a raw environment of the task (with the same constructor options).
  ///   - candidates: the first actions to try.
  ///   - horizon: the longest rollout.
  ///   - state: reconstructs the model state from an observation.
  ///   - base: the rollout policy.
  ///   - depth: the length of the searched action sequences (default 1).
  ///   - holds: also try each candidate repeated this many steps (default none).
  public init(
    model: any Environment, candidates: [Action], horizon: Int,
    state: @escaping @Sendable ([Float]) -> [Double], base: @escaping @Sendable ([Float]) -> Action, depth: Int = 1,
    holds: [Int] = []
  ) {
    self.holds = holds
    self.model = model
    self.candidates = candidates
    self.horizon = horizon
    self.depth = max(depth, 1)
    self.state = state
    self.base = base
  }

  /// Deterministic: nothing to reset.
  public mutating func reset(seed: UInt64?) {}

  /// The first action of the best-scoring sequence, planned from the state read back from the observation.
  public mutating func action(for observation: [Float]) -> Action {
    plan(from: state(observation), observationCount: observation.count)
  }

  /// The first action of the best-scoring sequence, planned from the environment's exact state when given
  /// (the observation's Float32 rounding would otherwise compound in chaotic dynamics such as Acrobot's).
  public mutating func action(for observation: [Float], state exact: [Double]) -> Action {
    plan(from: exact.isEmpty ? state(observation) : exact, observationCount: observation.count)
  }

  private mutating func plan(from start: [Double], observationCount: Int) -> Action {
    var best = (score: -Double.infinity, action: candidates[0])
    let sequences = Int(pow(Double(candidates.count), Double(depth)))
    for index in 0..<sequences {
      var code = index
      let sequence = (0..<depth).map { _ in
        defer { code /= candidates.count }
        return candidates[code % candidates.count]
      }
      let score = simulatedReturn(from: start, first: sequence, observationCount: observationCount)
      if score > best.score { best = (score, sequence[0]) }
    }
    for length in holds {
      for candidate in candidates {
        let score = simulatedReturn(from: start, first: Array(repeating: candidate, count: length), observationCount: observationCount)
        if score > best.score { best = (score, candidate) }
      }
    }
    return best.action
  }

  private mutating func simulatedReturn(from start: [Double], first: [Action], observationCount: Int) -> Double {
    var buffer = [Float](repeating: 0, count: observationCount)
    var total = 0.0
    do {
      try model.setState(start)
      for step in 0..<horizon {
        let action = step < first.count ? first[step] : base(buffer)
        let transition = try buffer.withUnsafeMutableBufferPointer { (observation) throws(EnvironmentError) in
          try model.step(action, writingObservationInto: observation)
        }
        total += transition.reward
        if transition.terminated { return total }
      }
    } catch {
      return -Double.infinity
    }
    return total
  }
}
