import Foundation
public import RLCore

/// Acrobot-v1: swing the free end of a two-link chain above a target height.
///
/// ## Description
/// Sutton (1996) with the "book" dynamics, as Gymnasium 1.4.0's `AcrobotEnv`, bit for bit: one RK4
/// step of `dt = 0.2` in Float64, libm `pow` where Python writes `x ** 2`, angles wrapped into
/// [−π, π], velocities clipped to ±4π and ±9π.
///
/// ## Action space
/// `Discrete(3)`: torque −1, 0, +1 on the joint between the links. Unlike Gymnasium (which wraps
/// −1 to +1 by Python indexing), actions outside 0...2 throw `EnvironmentError.actionOutOfRange`.
///
/// ## Observation space
/// `Box([-1, -1, -1, -1, -4π, -9π], [1, 1, 1, 1, 4π, 9π])`:
/// cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2.
///
/// ## Rewards
/// −1 per step, 0 on the terminal step.
///
/// ## Starting state
/// Each of θ1, θ2, θ̇1, θ̇2 uniform in [−0.1, 0.1] (reset options `low`, `high`), rounded to Float32.
/// Deviation: Gymnasium computes the first observation's cos/sin of these Float32 values with NumPy's
/// Float32 SIMD routines; this port uses glibc's Float64 `cos`/`sin` rounded to Float32, which agrees
/// except for about 1 in 1,000 values (1 ulp). Every later observation is bit-exact.
///
/// ## Episode end
/// Terminates when `−cos θ1 − cos(θ1 + θ2) > 1`; truncated at 500 steps by `TimeLimit`.
/// Stepping after termination continues the dynamics, as in Gymnasium.
///
/// ## Arguments
/// None.
///
/// ## Version
/// v1: `max_episode_steps = 500`, reward threshold −100.
public struct Acrobot: Environment {
  /// The registry id.
  public static let id = "Acrobot-v1"
  static let dt = 0.2
  static let maxVelocity1 = 4 * Double.pi
  static let maxVelocity2 = 9 * Double.pi
  static let availableTorque = [-1.0, 0.0, 1.0]

  /// The environment id.
  public var name: String { Self.id }
  /// `Box([-1, -1, -1, -1, -4π, -9π], [1, 1, 1, 1, 4π, 9π])`.
  public let observationSpace = Box(
    low: [-1, -1, -1, -1, Float(-maxVelocity1), Float(-maxVelocity2)],
    high: [1, 1, 1, 1, Float(maxVelocity1), Float(maxVelocity2)])
  /// `Discrete(3)`.
  public let actionSpace = Space.discrete(Discrete(3))
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?

  private var s = AcrobotState(theta1: 0, theta2: 0, dtheta1: 0, dtheta2: 0)
  private var hasState = false
  private var observation = [Float](repeating: 0, count: 6)

  /// Creates the environment.
  public init() {}

  /// Creates the environment from constructor options (none are accepted).
  /// - Parameter options: the options; must be empty.
  /// - Throws: `EnvironmentError.unknownOption` for any option.
  public init(options: Options) throws(EnvironmentError) {
    _ = try OptionReader(options, environment: Self.id, known: [])
  }

  /// `[theta1, theta2, dtheta1, dtheta2]` (Float64).
  public var state: [Double] { [s.theta1, s.theta2, s.dtheta1, s.dtheta2] }

  /// Sets `[theta1, theta2, dtheta1, dtheta2]` exactly.
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    guard state.count == 4, state.allSatisfy(\.isFinite) else {
      throw .invalidState(environment: name, expected: 4, received: state)
    }
    s = AcrobotState(theta1: state[0], theta2: state[1], dtheta1: state[2], dtheta2: state[3])
    hasState = true
  }

  /// Draws four values from `uniform(low, high)` (default ±0.1), rounded to Float32.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    let bounds = try OptionReader(options, environment: name, known: ["low", "high"])
      .resetBounds(defaultLow: -0.1, defaultHigh: 0.1)
    if let seed { generator = NumPyGenerator(seed: seed) }
    var rng = generator ?? NumPyGenerator.fromEntropy()
    var draws = [Double]()
    for _ in 0..<4 { draws.append(roundedToFloat(rng.uniform(bounds.low, bounds.high))) }
    generator = rng
    s = AcrobotState(theta1: draws[0], theta2: draws[1], dtheta1: draws[2], dtheta2: draws[3])
    hasState = true
    return Reset(observation: makeObservation())
  }

  /// Applies the torque and integrates one RK4 step.
  /// - Throws: `EnvironmentError` for an action outside 0...2, or before `reset`.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    let index = try ActionValidation.discrete(action, count: 3, environment: name)
    guard hasState else { throw .resetNeeded(environment: name) }
    var next = AcrobotDynamics.rungeKutta4(s, torque: Self.availableTorque[index], dt: Self.dt)
    next.theta1 = Self.wrap(next.theta1)
    next.theta2 = Self.wrap(next.theta2)
    next.dtheta1 = min(max(next.dtheta1, -Self.maxVelocity1), Self.maxVelocity1)
    next.dtheta2 = min(max(next.dtheta2, -Self.maxVelocity2), Self.maxVelocity2)
    s = next
    let terminated = -cos(s.theta1) - cos(s.theta2 + s.theta1) > 1.0
    return Step(observation: makeObservation(), reward: terminated ? 0.0 : -1.0, terminated: terminated)
  }

  /// Wraps an angle into [−π, π] by repeated ±2π, as Gymnasium's `wrap`.
  static func wrap(_ angle: Double) -> Double {
    let diff = Double.pi - -Double.pi
    var x = angle
    while x > Double.pi { x = x - diff }
    while x < -Double.pi { x = x + diff }
    return x
  }

  private mutating func makeObservation() -> [Float] {
    observation[0] = Float(cos(s.theta1))
    observation[1] = Float(sin(s.theta1))
    observation[2] = Float(cos(s.theta2))
    observation[3] = Float(sin(s.theta2))
    observation[4] = Float(s.dtheta1)
    observation[5] = Float(s.dtheta2)
    return observation
  }
}
