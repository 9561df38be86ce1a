import Box2DEnvironments
import RLCore
import Testing

@Suite struct HeuristicStatisticsTests {
  /// Runs the heuristic for seeds 0..<count, each episode from `reset(seed:)` (a fresh world).
  static func returns(id: String, options: Options, count: Int) throws -> [Double] {
    let registry = try EnvironmentRegistry(Box2DEnvironments.specs)
    let spec = try registry.spec(id)
    var environment = try registry.make(id, options: options)
    return try (0..<count).map { seed in
      // Gymnasium's own heuristics (not the registered, retuned experts) for the comparison.
      var policy: any Policy =
        id.hasPrefix("Bipedal")
        ? BipedalWalkerHeuristic(gains: .gymnasium)
        : LunarLanderHeuristic(continuous: options["continuous"]?.boolValue ?? false, gains: .gymnasium)
      _ = spec
      policy.reset(seed: UInt64(seed))
      var observation = try environment.reset(seed: UInt64(seed)).observation
      var total = 0.0
      while true {
        let step = try environment.step(policy.action(for: observation))
        total += step.reward
        observation = step.observation
        if step.isDone { return total }
      }
    }
  }

  @Test(arguments: [0, 1, 2, 3, 4])
  func meanReturnIsWithinTwoStandardErrorsOfGymnasium(variant: Int) throws {
    let reference = try HeuristicReference.load()[variant]
    var options: Options = [:]
    for (name, value) in reference.kwargs { if let flag = value as? Bool { options[name] = .bool(flag) } }
    let ours = try Self.returns(id: reference.environmentID, options: options, count: 20)
    let mean = ours.reduce(0, +) / 20
    let standardError = reference.stdReturn / 20.0.squareRoot()
    #expect(abs(mean - reference.meanReturn) <= 2 * standardError, "ours \(mean), Gymnasium \(reference.meanReturn) ± \(standardError)")
  }
}
