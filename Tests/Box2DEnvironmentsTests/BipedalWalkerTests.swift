import Box2DEnvironments
import RLCore
import RLTestSupport
import Testing

@Suite struct BipedalWalkerTests {
  @Test(arguments: ["BipedalWalker-v3", "BipedalWalkerHardcore-v3"])
  func checkerPasses(id: String) throws {
    let report = EnvironmentChecker(rolloutSteps: 100).check(try EnvironmentRegistry(Box2DEnvironments.specs).spec(id))
    #expect(report.isSuccess, "\(report)")
  }

  @Test func badActionsAreTypedErrorsAndOutOfRangeActsClipped() throws {
    var clipped = BipedalWalker()
    var bound = BipedalWalker()
    _ = try clipped.reset(seed: 2)
    _ = try bound.reset(seed: 2)
    let a = try clipped.step(.continuous([3, -2, 0.5, -9]))
    let b = try bound.step(.continuous([1, -1, 0.5, -1]))
    #expect(a.observation == b.observation)
    #expect(throws: EnvironmentError.actionShapeMismatch(environment: "BipedalWalker-v3", expected: 4, received: 3)) {
      try clipped.step(.continuous([0, 0, 0]))
    }
    #expect(throws: EnvironmentError.self) { try clipped.step(.continuous([0, .nan, 0, 0])) }
    #expect(throws: EnvironmentError.self) { try clipped.step(.discrete(1)) }
  }

  @Test func sameSeedGivesTheSameEpisodeOnAReusedInstance() throws {
    func episode(_ environment: inout BipedalWalker, seed: UInt64) throws -> [Float] {
      var policy = BipedalWalkerHeuristic()
      var observation = try environment.reset(seed: seed).observation
      var trace = observation
      for _ in 0..<200 {
        let step = try environment.step(policy.action(for: observation))
        observation = step.observation
        trace += observation
        if step.terminated { break }
      }
      return trace
    }
    var reused = BipedalWalker(hardcore: true)
    _ = try episode(&reused, seed: 11)
    var fresh = BipedalWalker(hardcore: true)
    #expect(try episode(&reused, seed: 1) == episode(&fresh, seed: 1))
  }

  @Test(arguments: [(3, false), (4, true)])
  func resetObservationsFollowGymnasiumsDraws(variant: Int, hardcore: Bool) throws {
    let reference = try HeuristicReference.load()[variant]
    var environment = BipedalWalker(hardcore: hardcore)
    var worst = [Double](repeating: 0, count: 24)
    for (seed, expected) in reference.resetObservations.enumerated() {
      let observation = try environment.reset(seed: UInt64(seed)).observation
      for (index, (ours, theirs)) in zip(observation, expected).enumerated() {
        worst[index] = max(worst[index], abs(Double(ours) - theirs))
      }
    }
    #expect(worst.max() ?? 1 < 1e-3, "worst reset-observation differences \(worst)")
  }
}
