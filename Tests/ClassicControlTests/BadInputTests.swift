import ClassicControl
import RLCore
import Testing

@Suite struct BadInputTests {
  static func make(_ id: String) throws -> any Environment {
    var environment = try EnvironmentRegistry(ClassicControl.specs).make(id)
    _ = try environment.reset(seed: 0)
    return environment
  }

  @Test(arguments: [("CartPole-v1", 2), ("MountainCar-v0", 3), ("Acrobot-v1", 3)])
  func discreteActionsOutOfRangeThrow(id: String, count: Int) throws {
    var environment = try Self.make(id)
    for action in [count, -1, Int.max, Int.min] {
      #expect(throws: EnvironmentError.actionOutOfRange(environment: id, action: action, valid: 0...(count - 1))) {
        try environment.step(.discrete(action))
      }
    }
    #expect(throws: EnvironmentError.actionKindMismatch(environment: id, expected: "discrete", received: "continuous")) {
      try environment.step(.continuous([0]))
    }
  }

  @Test(arguments: ["MountainCarContinuous-v0", "Pendulum-v1"])
  func continuousActionsWithWrongLengthOrNonFiniteValuesThrow(id: String) throws {
    var environment = try Self.make(id)
    #expect(throws: EnvironmentError.actionShapeMismatch(environment: id, expected: 1, received: 2)) {
      try environment.step(.continuous([0, 0]))
    }
    #expect(throws: EnvironmentError.actionShapeMismatch(environment: id, expected: 1, received: 0)) {
      try environment.step(.continuous([]))
    }
    #expect(throws: EnvironmentError.self) { try environment.step(.continuous([.nan])) }
    #expect(throws: EnvironmentError.nonFiniteAction(environment: id, index: 0, value: .infinity)) {
      try environment.step(.continuous([.infinity]))
    }
    #expect(throws: EnvironmentError.actionKindMismatch(environment: id, expected: "continuous", received: "discrete")) {
      try environment.step(.discrete(0))
    }
  }

  @Test func pendulumClipsOutOfRangeTorqueLikeGymnasium() throws {
    var clipped = Pendulum()
    var bound = Pendulum()
    try clipped.setState([0.5, 0.1])
    try bound.setState([0.5, 0.1])
    #expect(try clipped.step(.continuous([102])) == bound.step(.continuous([2])))
  }

  @Test func mountainCarContinuousClipsTheForceButPenalisesTheRawAction() throws {
    var over = MountainCarContinuous()
    var bound = MountainCarContinuous()
    try over.setState([-0.5, 0])
    try bound.setState([-0.5, 0])
    let overStep = try over.step(.continuous([3]))
    let boundStep = try bound.step(.continuous([1]))
    #expect(overStep.observation == boundStep.observation)
    #expect(overStep.reward == 0 - 9.0 * 0.1)
    #expect(boundStep.reward == 0 - 1.0 * 0.1)
  }

  @Test func rawEnvironmentsRefuseStepBeforeReset() {
    var environment = CartPole()
    #expect(throws: EnvironmentError.resetNeeded(environment: "CartPole-v1")) { try environment.step(.discrete(0)) }
  }

  @Test func unknownAndIllTypedOptionsThrow() throws {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    #expect(throws: RegistryError.environment(.unknownOption(environment: "CartPole-v1", name: "gravity", known: ["sutton_barto_reward"]))) {
      try registry.make("CartPole", options: ["gravity": .double(3)])
    }
    #expect(throws: RegistryError.self) { try registry.make("Pendulum", options: ["g": .string("high")]) }
    #expect(throws: RegistryError.self) { try registry.make("Pendulum", options: ["g": .double(.infinity)]) }
    var cartPole = try registry.make("CartPole")
    #expect(throws: EnvironmentError.self) { try cartPole.reset(seed: 0, options: ["low": .double(1), "high": .double(0)]) }
    #expect(throws: EnvironmentError.self) { try cartPole.reset(seed: 0, options: ["width": .double(1)]) }
    #expect(throws: EnvironmentError.invalidState(environment: "CartPole-v1", expected: 4, received: [1, 2])) {
      try cartPole.setState([1, 2])
    }
  }
}
