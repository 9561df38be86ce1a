import ClassicControl
import RLCore
import RLTestSupport
import Testing

@Suite struct CheckerTests {
  static let optionVariants: [(String, Options)] = [
    ("CartPole-v1", [:]), ("CartPole-v1", ["sutton_barto_reward": .bool(true)]),
    ("MountainCar-v0", [:]), ("MountainCar-v0", ["goal_velocity": .double(0.02)]),
    ("MountainCarContinuous-v0", [:]), ("MountainCarContinuous-v0", ["goal_velocity": .double(0.01)]),
    ("Acrobot-v1", [:]), ("Pendulum-v1", [:]), ("Pendulum-v1", ["g": .double(9.81)]),
  ]

  @Test(arguments: ClassicControl.specs.map(\.id))
  func checkerPassesOnEveryRegisteredEnvironment(id: String) throws {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    let report = EnvironmentChecker(rolloutSteps: 300).check(try registry.spec(id))
    #expect(report.isSuccess, "\(report)")
    #expect(report.passed.count == 7)
  }

  @Test(arguments: optionVariants.indices)
  func checkerPassesWithConstructorOptions(index: Int) throws {
    let (id, options) = Self.optionVariants[index]
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    let report = EnvironmentChecker().check(try registry.spec(id), options: options)
    #expect(report.isSuccess, "\(report)")
  }

  @Test func checkerCatchesANondeterministicEnvironment() {
    let report = EnvironmentChecker().check(name: "Noisy-v0") { () throws(EnvironmentError) in
      NoisyCartPole()
    }
    #expect(!report.isSuccess)
    #expect(report.failures.contains { $0.hasPrefix("two-instance rollout") || $0.hasPrefix("step determinism") })
  }

  @Test func wrappedEnvironmentsPassTheChecker() throws {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    let report = EnvironmentChecker().check(name: "Pendulum-v1 (make)") { () throws(EnvironmentError) in
      do { return try registry.make("Pendulum") } catch { throw .stateAccessUnsupported(environment: "make") }
    }
    #expect(report.isSuccess, "\(report)")
  }
}

/// CartPole whose reward depends on a fresh entropy-seeded generator: the checker must flag it.
struct NoisyCartPole: Environment {
  var inner = CartPole()
  var noise = NumPyGenerator.fromEntropy()
  var name: String { "Noisy-v0" }
  var observationSpace: Box { inner.observationSpace }
  var actionSpace: Space { inner.actionSpace }
  var generator: NumPyGenerator? { inner.generator }

  mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    try inner.reset(seed: seed, options: options)
  }

  mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    var step = try inner.step(action)
    step.reward += noise.random()
    return step
  }
}
