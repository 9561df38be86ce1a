import Foundation
@testable import MuJoCoEnvironments
import RLCore
import RLTestSupport
import Testing

/// Hopper-v4 against Gymnasium 1.4.0 on mujoco 3.3.5 (ours: Debian's MuJoCo 2.2.2, the same model file).
@Suite struct HopperTests {
  static let reference = Result { try MuJoCoReference.load("hopper_reference.json") }

  @Test func checkerPasses() throws {
    let report = EnvironmentChecker(rolloutSteps: 200).check(try EnvironmentRegistry(MuJoCoEnvironments.specs).spec(Hopper.id))
    #expect(report.isSuccess, "\(report)")
  }

  @Test func compiledModelEqualsGymnasiums() throws {
    let expected = try Self.reference.get().constants.flattened
    let actual = try Hopper().simulation.constants
    #expect(actual.count == expected.count)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
      #expect(abs(a - e) <= 1e-12 * max(1, abs(e)), "constant \(index): \(a) vs \(e)")
    }
  }

  @Test func resetObservationsFollowGymnasiumsDraws() throws {
    var environment = try Hopper()
    for record in try Self.reference.get().resets {
      let observation = try environment.reset(seed: record.seed).observation
      #expect(observation.count == 11)
      for (ours, theirs) in zip(observation, record.obs) {
        #expect(ours == Float(theirs), "seed \(record.seed): \(observation) vs \(record.obs)")
      }
    }
  }

  /// One step from Gymnasium's recorded states: observation, reward and termination. MuJoCo 2.2.2 and 3.3.5 agree
  /// on this model to ~5e-15 in the state (measured), so the observations agree to one Float32 rounding.
  @Test func oneStepTransitionsAgreeWithGymnasium() throws {
    var environment = try Hopper()
    _ = try environment.reset(seed: 0)
    var worst = (observation: 0.0, reward: 0.0, state: 0.0)
    for t in try Self.reference.get().transitions {
      try environment.setState(t.qpos + t.qvel)
      let step = try environment.step(.continuous(t.action.map(Float.init)))
      for (ours, theirs) in zip(step.observation, t.obs) {
        worst.observation = max(worst.observation, Double(abs(ours - Float(theirs)) / Float(theirs).ulp))
      }
      for (ours, theirs) in zip(environment.state, t.next_qpos + t.next_qvel) { worst.state = max(worst.state, abs(ours - theirs)) }
      worst.reward = max(worst.reward, abs(step.reward - t.reward))
      #expect(step.terminated == t.terminated)
    }
    #expect(worst.observation <= 1 && worst.state < 1e-10 && worst.reward < 1e-10, "largest differences (Float32 ulps, Float64) \(worst)")
  }

  /// Episodes driven by the same action streams (NumPy's `default_rng(1000 + seed).uniform(-1, 1)` as Float32):
  /// the mean return agrees with Gymnasium's within 2 standard errors.
  @Test func returnStatisticsAgreeWithGymnasium() throws {
    let reference = try Self.reference.get().episodes
    var environment = try Hopper()
    var ours: [Double] = []
    for record in reference {
      var stream = NumPyGenerator(seed: 1000 + record.seed)
      _ = try environment.reset(seed: record.seed)
      var total = 0.0
      for _ in 0..<1000 {
        let action = (0..<3).map { _ in Float(stream.uniform(-1, 1)) }
        let step = try environment.step(.continuous(action))
        total += step.reward
        if step.terminated { break }
      }
      ours.append(total)
    }
    let theirs = reference.map(\.return)
    func meanAndError(_ x: [Double]) -> (Double, Double) {
      let mean = x.reduce(0, +) / Double(x.count)
      let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)
      return (mean, (variance / Double(x.count)).squareRoot())
    }
    let (a, sa) = meanAndError(ours), (b, sb) = meanAndError(theirs)
    #expect(abs(a - b) <= 2 * (sa * sa + sb * sb).squareRoot(), "ours \(a) ± \(sa), Gymnasium \(b) ± \(sb)")
    // Measured: the same returns to ~1e-14 (the same episodes).
    #expect(zip(ours, theirs).allSatisfy { abs($0 - $1) < 1e-8 * max(1, abs($1)) })
  }

  @Test func badInputsGetTypedErrors() throws {
    var environment = try Hopper()
    #expect(throws: EnvironmentError.resetNeeded(environment: Hopper.id)) { try environment.step(.continuous([0, 0, 0])) }
    _ = try environment.reset(seed: 1)
    #expect(throws: EnvironmentError.actionShapeMismatch(environment: Hopper.id, expected: 3, received: 2)) {
      try environment.step(.continuous([0, 0]))
    }
    #expect(throws: EnvironmentError.self) { try environment.step(.continuous([0, .nan, 0])) }
    #expect(throws: EnvironmentError.self) { try environment.step(.discrete(1)) }
    #expect(throws: EnvironmentError.self) { try environment.setState([1, 2]) }
    #expect(throws: EnvironmentError.self) { try Hopper(options: ["xml_file": .string("/nonexistent/hopper.xml")]) }
    #expect(throws: EnvironmentError.self) { try Hopper(options: ["healthy_z_range": .double(1)]) }
    let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).xml")
    try Data("<mujoco><worldbody><body></mujoco>".utf8).write(to: broken)
    defer { try? FileManager.default.removeItem(at: broken) }
    do {
      _ = try Hopper(options: ["xml_file": .string(broken.path)])
      Issue.record("a broken model compiled")
    } catch {
      #expect("\(error)".contains("does not compile"))
    }
  }
}
