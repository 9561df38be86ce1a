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
/// The first observation's cos/sin of these Float32 values are NumPy's Float32 `cos`/`sin`
/// (`NumPyTrigonometry`), as in Gymnasium; later observations use glibc's Float64 functions, as NumPy
/// does for the Float64 state after a step.
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
  public var observationSpace: Box { Self.observationBox }
  static let observationBox = Box(
    low: [-1, -1, -1, -1, Float(-maxVelocity1), Float(-maxVelocity2)],
    high: [1, 1, 1, 1, Float(maxVelocity1), Float(maxVelocity2)])
  /// `Discrete(3)`.
  public var actionSpace: Space { Self.actionBox }
  static let actionBox = Space.discrete(Discrete(3))
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?

  private var s = AcrobotState(theta1: 0, theta2: 0, dtheta1: 0, dtheta2: 0)
  private var hasState = false
  /// `sincos(θ2)` of the current state, kept from the last observation for the next RK4 stage k1.
  private var angle2: (sin: Double, cos: Double)?

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
    angle2 = nil
    hasState = true
  }

  /// Draws four values from `uniform(low, high)` (default ±0.1), rounded to Float32.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    let bounds = try OptionReader(options, environment: name, known: ["low", "high"])
      .resetBounds(defaultLow: -0.1, defaultHigh: 0.1)
    let draws = generator.drawing(seed: seed) { rng in
      (0..<4).map { _ in roundedToFloat(rng.uniform(bounds.low, bounds.high)) }
    }
    s = AcrobotState(theta1: draws[0], theta2: draws[1], dtheta1: draws[2], dtheta2: draws[3])
    angle2 = nil
    hasState = true
    return Reset(observation: ObservationArray.make(count: 6) { observation in
      writeObservation(into: observation)
      // The state is Float32 here: Gymnasium's `_get_ob` applies NumPy's Float32 cos/sin to it.
      let (theta1, theta2) = (Float(s.theta1), Float(s.theta2))
      observation[0] = NumPyTrigonometry.cos(theta1)
      observation[1] = NumPyTrigonometry.sin(theta1)
      observation[2] = NumPyTrigonometry.cos(theta2)
      observation[3] = NumPyTrigonometry.sin(theta2)
    })
  }

  /// Applies the torque and integrates one RK4 step.
  /// - Throws: `EnvironmentError` for an action outside 0...2, or before `reset`.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: 6)
  }

  /// The allocation-free step: writes the observation into `observation` (6 elements).
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    let index = try ActionValidation.discrete(action, count: 3, environment: Self.id)
    guard hasState else { throw .resetNeeded(environment: name) }
    var next = AcrobotDynamics.rungeKutta4(
      s, torque: Self.availableTorque[index], dt: Self.dt, angle2: angle2)
    next.theta1 = Self.wrap(next.theta1)
    next.theta2 = Self.wrap(next.theta2)
    next.dtheta1 = min(max(next.dtheta1, -Self.maxVelocity1), Self.maxVelocity1)
    next.dtheta2 = min(max(next.dtheta2, -Self.maxVelocity2), Self.maxVelocity2)
    s = next
    let angle1 = sineCosine(s.theta1)
    angle2 = sineCosine(s.theta2)
    let terminated = -angle1.cos - cos(s.theta2 + s.theta1) > 1.0
    writeObservation(into: observation, angle1: angle1, angle2: angle2)
    return Transition(reward: terminated ? 0.0 : -1.0, terminated: terminated)
  }

  /// Wraps an angle into [−π, π] by repeated ±2π, as Gymnasium's `wrap`.
  static func wrap(_ angle: Double) -> Double {
    let diff = Double.pi - -Double.pi
    var x = angle
    while x > Double.pi { x = x - diff }
    while x < -Double.pi { x = x + diff }
    return x
  }

  private func writeObservation(
    into observation: UnsafeMutableBufferPointer<Float>, angle1: (sin: Double, cos: Double)? = nil,
    angle2: (sin: Double, cos: Double)? = nil
  ) {
    precondition(observation.count == 6, "observation buffer must hold 6 values")
    let angle1 = angle1 ?? sineCosine(s.theta1)
    let angle2 = angle2 ?? sineCosine(s.theta2)
    observation[0] = Float(angle1.cos)
    observation[1] = Float(angle1.sin)
    observation[2] = Float(angle2.cos)
    observation[3] = Float(angle2.sin)
    observation[4] = Float(s.dtheta1)
    observation[5] = Float(s.dtheta2)
  }
}
