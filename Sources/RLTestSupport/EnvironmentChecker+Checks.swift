import RLCore

extension EnvironmentChecker {
  func spaceProblem(_ environment: any Environment) -> String? {
    let box = environment.observationSpace
    if box.count == 0 { return "the observation space is empty" }
    if box.shape.reduce(1, *) != box.count { return "the observation shape does not match its bounds" }
    if zip(box.low, box.high).contains(where: { !($0 <= $1) }) { return "observation low > high" }
    switch environment.actionSpace {
    case .discrete(let space) where space.count <= 0: return "Discrete space with no elements"
    case .box(let space) where space.count == 0: return "empty action box"
    case .box(let space) where !space.isBounded: return "unbounded action box"
    default: return nil
    }
  }

  func resetProblem(_ environment: inout any Environment) throws -> String? {
    let reset = try environment.reset(seed: seed, options: [:])
    if reset.observation.count != environment.observationSpace.count {
      return "observation has \(reset.observation.count) values, space \(environment.observationSpace.count)"
    }
    if !environment.observationSpace.contains(reset.observation) {
      return "reset observation \(reset.observation) is outside \(environment.observationSpace.summary)"
    }
    return nil
  }

  func seedDeterminismProblem(_ environment: inout any Environment) throws -> String? {
    let obs1 = try environment.reset(seed: 123).observation
    let rng1 = environment.generator
    let obs2 = try environment.reset(seed: nil).observation
    let obs3 = try environment.reset(seed: 123).observation
    let rng3 = environment.generator
    let obs4 = try environment.reset(seed: nil).observation
    if !BitwiseEquality.equal(obs1, obs3) { return "reset(seed: 123) twice gave \(obs1) and \(obs3)" }
    if !BitwiseEquality.equal(obs2, obs4) { return "the unseeded resets after seed 123 differ" }
    if rng1 == nil || rng1 != rng3 { return "reset(seed: 123) twice left different generator states" }
    _ = try environment.reset(seed: 456)
    if environment.generator == rng1 { return "reset(seed: 456) gave the generator state of seed 123" }
    return nil
  }

  func stepDeterminismProblem(_ a: inout any Environment, _ b: inout any Environment) throws -> String? {
    var space = a.actionSpace
    space.seed(seed)
    let action = space.sample()
    _ = try a.reset(seed: seed)
    _ = try b.reset(seed: seed)
    let stepA = try a.step(action)
    let stepB = try b.step(action)
    if !BitwiseEquality.equal(stepA, stepB) { return "same seed and action gave \(stepA) and \(stepB)" }
    if a.generator != b.generator { return "generator states differ after one step" }
    if stepA.truncated { return "the raw environment truncated after one step" }
    if !stepA.reward.isFinite { return "reward \(stepA.reward) is not finite" }
    if !stepA.terminated && !a.observationSpace.contains(stepA.observation) {
      return "step observation \(stepA.observation) is outside \(a.observationSpace.summary)"
    }
    return nil
  }

  func rolloutProblem(_ first: any Environment, _ second: any Environment) throws -> String? {
    var a = first
    var b = second
    var space = a.actionSpace
    space.seed(seed)
    _ = try a.reset(seed: seed)
    _ = try b.reset(seed: seed)
    for index in 0..<rolloutSteps {
      let action = space.sample()
      let stepA = try a.step(action)
      let stepB = try b.step(action)
      if !BitwiseEquality.equal(stepA, stepB) || a.state != b.state {
        return "instances diverged at step \(index + 1): \(stepA) vs \(stepB)"
      }
      if !stepA.reward.isFinite { return "reward \(stepA.reward) at step \(index + 1) is not finite" }
      if stepA.isDone {
        let resetA = try a.reset(seed: nil).observation
        let resetB = try b.reset(seed: nil).observation
        if !BitwiseEquality.equal(resetA, resetB) { return "unseeded resets diverged after step \(index + 1)" }
      }
    }
    return nil
  }

  func invalidActionProblem(_ environment: any Environment) throws -> String? {
    var environment = environment
    _ = try environment.reset(seed: seed)
    for action in Self.invalidActions(for: environment.actionSpace) {
      do {
        _ = try environment.step(action)
        return "action \(action) was accepted"
      } catch {
        continue
      }
    }
    return nil
  }

  /// Actions every environment must reject: out of range, wrong kind, wrong length, non-finite.
  static func invalidActions(for space: Space) -> [Action] {
    switch space {
    case .discrete(let discrete):
      return [
        .discrete(discrete.start + discrete.count), .discrete(discrete.start - 1), .discrete(Int.max),
        .discrete(Int.min), .continuous([0]),
      ]
    case .box(let box):
      let zeros = [Float](repeating: 0, count: box.count)
      var withNaN = zeros
      withNaN[0] = .nan
      var withInfinity = zeros
      withInfinity[box.count - 1] = .infinity
      return [.continuous(zeros + [0]), .continuous([]), .continuous(withNaN), .continuous(withInfinity), .discrete(0)]
    }
  }
}
