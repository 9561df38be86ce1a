import Box2DEnvironments
import Foundation
import RLCore
import RLTestSupport
import Testing

@Suite struct LunarLanderTests {
  static let registry = Result { try EnvironmentRegistry(Box2DEnvironments.specs) }

  @Test(arguments: ["LunarLander-v3", "LunarLanderContinuous-v3"])
  func checkerPasses(id: String) throws {
    let report = EnvironmentChecker(rolloutSteps: 120).check(try Self.registry.get().spec(id))
    #expect(report.isSuccess, "\(report)")
  }

  @Test(arguments: [["enable_wind": OptionValue.bool(true)], ["gravity": .double(-5)], ["continuous": .bool(true), "enable_wind": .bool(true)]])
  func checkerPassesWithOptions(options: Options) throws {
    let report = EnvironmentChecker(rolloutSteps: 80).check(try Self.registry.get().spec("LunarLander-v3"), options: options)
    #expect(report.isSuccess, "\(report)")
  }

  @Test func resetObservationsFollowGymnasiumsDraws() throws {
    let reference = try #require(try HeuristicReference.load().first)
    var environment = LunarLander()
    var worst = 0.0
    for (seed, expected) in reference.resetObservations.enumerated() {
      let observation = try environment.reset(seed: UInt64(seed)).observation
      for (ours, theirs) in zip(observation, expected) { worst = max(worst, abs(Double(ours) - theirs)) }
    }
    // Box2D 2.4 vs pybox2d 2.3: one solver step apart, the same terrain, forces and dispersion draws.
    #expect(worst < 1e-3, "largest reset-observation difference \(worst)")

  }

  @Test func sameSeedGivesTheSameEpisodeOnAFreshOrAReusedInstance() throws {
    func episode(_ environment: inout LunarLander, seed: UInt64) throws -> [Float] {
      var policy = LunarLanderHeuristic(continuous: false)
      var observation = try environment.reset(seed: seed).observation
      var trace = observation
      for _ in 0..<300 {
        let step = try environment.step(policy.action(for: observation))
        observation = step.observation
        trace += observation + [Float(step.reward)]
        if step.terminated { break }
      }
      return trace
    }
    var reused = LunarLander()
    _ = try episode(&reused, seed: 1)
    _ = try episode(&reused, seed: 2)
    var fresh = LunarLander()
    #expect(try episode(&reused, seed: 5) == episode(&fresh, seed: 5))
  }

  @Test func badActionsAreTypedErrorsAndContinuousActionsAreClipped() throws {
    var discrete = LunarLander()
    _ = try discrete.reset(seed: 0)
    #expect(throws: EnvironmentError.actionOutOfRange(environment: "LunarLander-v3", action: 4, valid: 0...3)) {
      try discrete.step(.discrete(4))
    }
    var configuration = LunarLanderConfiguration()
    configuration.continuous = true
    var clipped = LunarLander(configuration: configuration)
    var bound = LunarLander(configuration: configuration)
    _ = try clipped.reset(seed: 3)
    _ = try bound.reset(seed: 3)
    #expect(try clipped.step(.continuous([5, -7])) == bound.step(.continuous([1, -1])))
    #expect(throws: EnvironmentError.self) { try clipped.step(.continuous([.nan, 0])) }
    #expect(throws: EnvironmentError.actionShapeMismatch(environment: "LunarLander-v3", expected: 2, received: 3)) {
      try clipped.step(.continuous([0, 0, 0]))
    }
  }

  @Test func invalidOptionsAreRejected() {
    #expect(throws: EnvironmentError.self) { try LunarLander(options: ["gravity": .double(-15)]) }
    #expect(throws: EnvironmentError.self) { try LunarLander(options: ["hardcore": .bool(true)]) }
  }

  @Test func stepAfterACrashKeepsReportingIt() throws {
    var environment = LunarLander()
    _ = try environment.reset(seed: 0)
    var last = try environment.step(.discrete(0))
    var steps = 0
    while !last.terminated && steps < 1000 {
      last = try environment.step(.discrete(0))
      steps += 1
    }
    #expect(last.terminated && last.reward == -100)
    let after = try environment.step(.discrete(0))
    #expect(after.terminated && after.reward == -100)
  }
}
