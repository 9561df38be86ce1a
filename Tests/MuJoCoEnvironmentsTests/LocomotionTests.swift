import Foundation
@testable import MuJoCoEnvironments
import RLCore
import RLTestSupport
import Testing

/// The locomotion tasks (v4 and v5) against Gymnasium 1.4.0 on mujoco 3.3.5 (ours: Debian's MuJoCo 2.2.2, the same model files).
@Suite struct LocomotionTests {
  static let cases: [(LocomotionTask, String)] = [
    (.hopper, "hopper_reference.json"), (.walker2d, "walker2d_reference.json"), (.halfCheetah, "half_cheetah_reference.json"),
    (LocomotionTask.hopper.v5, "hopper_v5_reference.json"), (LocomotionTask.walker2d.v5, "walker2d_v5_reference.json"),
    (LocomotionTask.halfCheetah.v5, "half_cheetah_v5_reference.json"),
  ]

  @Test(arguments: MuJoCoEnvironments.tasks.map(\.id))
  func checkerPasses(id: String) throws {
    let report = EnvironmentChecker(rolloutSteps: 200).check(try EnvironmentRegistry(MuJoCoEnvironments.specs).spec(id))
    #expect(report.isSuccess, "\(report)")
  }

  @Test(arguments: cases)
  func compiledModelEqualsGymnasiums(task: LocomotionTask, fixture: String) throws {
    let expected = try MuJoCoReference.load(fixture).constants.flattened
    let actual = try Locomotion(task).simulation.constants
    #expect(actual.count == expected.count)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
      #expect(abs(a - e) <= 1e-12 * max(1, abs(e)), "constant \(index): \(a) vs \(e)")
    }
  }

  @Test(arguments: cases)
  func resetObservationsFollowGymnasiumsDraws(task: LocomotionTask, fixture: String) throws {
    var environment = try Locomotion(task)
    for record in try MuJoCoReference.load(fixture).resets {
      let observation = try environment.reset(seed: record.seed).observation
      #expect(observation.count == task.nq + task.nv - 1)
      for (ours, theirs) in zip(observation, record.obs) {
        #expect(ours == Float(theirs), "seed \(record.seed): \(observation) vs \(record.obs)")
      }
    }
  }

  /// One step from Gymnasium's recorded states (visited by a seeded random policy): observation, reward and termination. MuJoCo 2.2.2 and 3.3.5 agree
  /// on this model to ~5e-15 in the state (measured), so the observations agree to one Float32 rounding.
  @Test(arguments: cases)
  func oneStepTransitionsAgreeWithGymnasium(task: LocomotionTask, fixture: String) throws {
    var environment = try Locomotion(task)
    _ = try environment.reset(seed: 0)
    var worst = (observation: 0.0, reward: 0.0, state: 0.0)
    for t in try MuJoCoReference.load(fixture).transitions {
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
  @Test(arguments: cases)
  func returnStatisticsAgreeWithGymnasium(task: LocomotionTask, fixture: String) throws {
    let reference = try MuJoCoReference.load(fixture).episodes
    var environment = try Locomotion(task)
    var ours: [Double] = []
    for record in reference {
      var stream = NumPyGenerator(seed: 1000 + record.seed)
      _ = try environment.reset(seed: record.seed)
      var total = 0.0
      for _ in 0..<1000 {
        let action = (0..<task.nu).map { _ in Float(stream.uniform(-1, 1)) }
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
    // Hopper and Walker2d (uniform reset draws, bit-exact): the same episodes, returns equal to ~1e-14. HalfCheetah's
    // normal draws differ from NumPy's in the last bits, and its 1000 unterminated steps are chaotic: Gymnasium
    // against itself with the reset velocities moved by 1e-15 gives returns 0.7–37% apart (measured on seeds 0–9),
    // so only the statistics above are comparable there.
    if task.velocityNoise == .uniform {
      let differences = zip(ours, theirs).map { abs($0 - $1) / max(1, abs($1)) }
      #expect(differences.allSatisfy { $0 < 1e-8 }, "relative return differences \(differences)")
    }
  }

  @Test func badInputsGetTypedErrors() throws {
    var environment = try Locomotion(.hopper)
    #expect(throws: EnvironmentError.resetNeeded(environment: LocomotionTask.hopper.id)) { try environment.step(.continuous([0, 0, 0])) }
    _ = try environment.reset(seed: 1)
    #expect(throws: EnvironmentError.actionShapeMismatch(environment: LocomotionTask.hopper.id, expected: 3, received: 2)) {
      try environment.step(.continuous([0, 0]))
    }
    #expect(throws: EnvironmentError.self) { try environment.step(.continuous([0, .nan, 0])) }
    #expect(throws: EnvironmentError.self) { try environment.step(.discrete(1)) }
    #expect(throws: EnvironmentError.self) { try environment.setState([1, 2]) }
    #expect(throws: EnvironmentError.self) { try Locomotion(.hopper, options: ["xml_file": .string("/nonexistent/hopper.xml")]) }
    #expect(throws: EnvironmentError.self) { try Locomotion(.hopper, options: ["healthy_z_range": .double(1)]) }
    let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).xml")
    try Data("<mujoco><worldbody><body></mujoco>".utf8).write(to: broken)
    defer { try? FileManager.default.removeItem(at: broken) }
    do {
      _ = try Locomotion(.hopper, options: ["xml_file": .string(broken.path)])
      Issue.record("a broken model compiled")
    } catch {
      #expect("\(error)".contains("does not compile"))
    }
  }
}
