@testable import ClassicControl
import RLCore
import Testing

@Suite struct SemanticsTests {
  @Test func cartPoleRewardAfterTerminationIsZeroAndPhysicsContinues() throws {
    var environment = CartPole()
    try environment.setState([0, 0, 0.2094, 2])
    let terminal = try environment.step(.discrete(1))
    #expect(terminal.terminated && terminal.reward == 1)
    let after = try environment.step(.discrete(1))
    #expect(after.terminated && after.reward == 0)
    #expect(after.observation != terminal.observation)
  }

  @Test func suttonBartoRewardIsZeroThenMinusOne() throws {
    var environment = CartPole(suttonBartoReward: true)
    try environment.setState([0, 0, 0, 0])
    #expect(try environment.step(.discrete(0)).reward == 0)
    try environment.setState([0, 0, 0.2094, 2])
    #expect(try environment.step(.discrete(1)).reward == -1)
    #expect(try environment.step(.discrete(1)).reward == -1)
  }

  @Test func cartPoleResetDrawsFourUniformsFromTheSeededGenerator() throws {
    var environment = CartPole()
    let observation = try environment.reset(seed: 0).observation
    var generator = NumPyGenerator(seed: 0)
    #expect(observation == (0..<4).map { _ in Float(generator.uniform(-0.05, 0.05)) })
    #expect(environment.state.map { Float($0) } == observation)
  }

  @Test func mountainCarStopsAtTheLeftWall() throws {
    var environment = MountainCar()
    try environment.setState([-1.19, -0.05])
    let step = try environment.step(.discrete(0))
    #expect(environment.state == [-1.2, 0])
    #expect(step.reward == -1 && !step.terminated)
  }

  @Test func pendulumNeverTerminatesAndKeepsTheAngleUnwrapped() throws {
    var environment = Pendulum()
    try environment.setState([7.5, 8])
    for _ in 0..<20 { #expect(try !environment.step(.continuous([2])).terminated) }
    #expect(environment.state[0] > 7.5)
    #expect(Pendulum.normalizeAngle(-Double.pi) == -Double.pi)
  }

  @Test func acrobotWrapsAnglesAndClipsVelocities() throws {
    var environment = Acrobot()
    try environment.setState([3.1, -3.1, 12.5, 28])
    for _ in 0..<5 {
      _ = try environment.step(.discrete(2))
      let state = environment.state
      #expect(abs(state[0]) <= Double.pi && abs(state[1]) <= Double.pi)
      #expect(abs(state[2]) <= 4 * Double.pi && abs(state[3]) <= 9 * Double.pi)
    }
  }
}
