import ClassicControl
import RLCore
import Testing

@Suite struct RawContinuousStepTests {
  /// `step(continuous:writingObservationInto:)` gives the transitions `step(.continuous(...))` gives,
  /// bit for bit, over whole episodes with resets (raw environments, out-of-range values included).
  @Test(arguments: ["MountainCarContinuous-v0", "Pendulum-v1"])
  func rawValuesStepLikeActions(id: String) throws {
    let spec = try #require(ClassicControl.specs.first { $0.id == id })
    var viaAction = try spec.makeEnvironment(spec.defaultOptions)
    var viaValues = try spec.makeEnvironment(spec.defaultOptions)
    _ = try viaAction.reset(seed: 3)
    _ = try viaValues.reset(seed: 3)
    var observation = [Float](repeating: 0, count: viaAction.observationSpace.count)
    for t in 0..<600 {
      let value = Float(t % 17) / 4 - 2.5  // beyond the bounds now and then: clipped alike
      let expected = try viaAction.step(.continuous([value]))
      let transition = try [value].withUnsafeBufferPointer { values in
        try observation.withUnsafeMutableBufferPointer { buffer in
          try viaValues.step(continuous: values, writingObservationInto: buffer)
        }
      }
      #expect(observation == expected.observation && transition.reward == expected.reward)
      #expect(transition.terminated == expected.terminated && transition.truncated == expected.truncated)
      if expected.terminated || t % 200 == 199 {
        _ = try viaAction.reset(seed: nil)
        _ = try viaValues.reset(seed: nil)
      }
    }
  }

  @Test func rawValuesAreValidatedAndDiscreteEnvironmentsRefuseThem() throws {
    var environment = try EnvironmentRegistry(ClassicControl.specs).make("Pendulum-v1")
    _ = try environment.reset(seed: 0)
    var observation = [Float](repeating: 0, count: 3)
    func step(_ values: [Float], _ environment: inout any Environment) throws(EnvironmentError) {
      _ = try values.withUnsafeBufferPointer { (v) throws(EnvironmentError) in
        try observation.withUnsafeMutableBufferPointer { (o) throws(EnvironmentError) in
          try environment.step(continuous: v, writingObservationInto: o)
        }
      }
    }
    #expect(throws: EnvironmentError.actionShapeMismatch(environment: "Pendulum-v1", expected: 1, received: 2)) {
      try step([0, 0], &environment)
    }
    #expect(throws: EnvironmentError.nonFiniteAction(environment: "Pendulum-v1", index: 0, value: .infinity)) {
      try step([.infinity], &environment)
    }
    var cartPole = try EnvironmentRegistry(ClassicControl.specs).make("CartPole-v1")
    _ = try cartPole.reset(seed: 0)
    #expect(throws: EnvironmentError.actionKindMismatch(environment: "CartPole-v1", expected: "discrete", received: "continuous")) {
      try step([0], &cartPole)
    }
  }
}
