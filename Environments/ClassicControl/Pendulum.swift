import Foundation
public import RLCore

/// Pendulum-v1: swing a frictionless pendulum up and keep it upright with a bounded torque.
///
/// ## Description
/// As Gymnasium 1.4.0's `PendulumEnv`, bit for bit: Float64 state, semi-implicit Euler with
/// `dt = 0.05`, and the two Float32 sub-expressions NumPy 2 evaluates for the Float32 torque `u`.
///
/// ## Action space
/// `Box(-2, 2, (1,))`: the torque. Out-of-range values are clipped (`np.clip`), as Gymnasium.
///
/// ## Observation space
/// `Box([-1, -1, -8], [1, 1, 8])`: cos θ, sin θ, θ̇ (θ = 0 is upright).
///
/// ## Rewards
/// `−(norm(θ)² + 0.1·θ̇² + 0.001·u²)` of the state *before* the step, in [−16.27, 0].
///
/// ## Starting state
/// θ uniform in [−π, π], θ̇ uniform in [−1, 1] (reset options `x_init`, `y_init`).
///
/// ## Episode end
/// Never terminates; truncated at 200 steps by `TimeLimit`. The state angle is not wrapped.
///
/// ## Arguments
/// `g` (Double, default 10.0): gravity.
///
/// ## Version
/// v1: `max_episode_steps = 200`, no reward threshold.
public struct Pendulum: Environment {
  /// The registry id.
  public static let id = "Pendulum-v1"
  static let maxSpeed = 8.0
  static let maxTorque: Float = 2.0
  static let dt = 0.05
  static let mass = 1.0
  static let length = 1.0

  /// The environment id.
  public var name: String { Self.id }
  /// `Box([-1, -1, -8], [1, 1, 8])`.
  public var observationSpace: Box { Self.observationBox }
  static let observationBox = Box(low: [-1, -1, -8], high: [1, 1, 8])
  /// `Box(-2, 2, (1,))`.
  public var actionSpace: Space { Self.actionBox }
  static let actionBox = Space.box(Box(low: -maxTorque, high: maxTorque, shape: [1]))
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?
  /// Gravity.
  public let gravity: Double
  /// The last applied (clipped) torque, for rendering.
  public private(set) var lastTorque: Float?

  var theta = 0.0, thetaDot = 0.0
  private var hasState = false
  /// `sincos(θ)` of the current state once an observation was written (reused by the next step).
  private var angle: (sin: Double, cos: Double)?

  /// Creates the environment.
  /// - Parameter gravity: the gravitational acceleration `g`.
  public init(gravity: Double = 10.0) {
    self.gravity = gravity
  }

  /// Creates the environment from constructor options (`g`).
  /// - Parameter options: the options.
  /// - Throws: `EnvironmentError` for unknown or ill-typed options.
  public init(options: Options) throws(EnvironmentError) {
    let reader = try OptionReader(options, environment: Self.id, known: ["g"])
    self.init(gravity: try reader.double("g", default: 10.0))
  }

  /// `[theta, theta_dot]` (Float64; θ unwrapped).
  public var state: [Double] { [theta, thetaDot] }

  /// Sets `[theta, theta_dot]` exactly.
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    guard state.count == 2, state.allSatisfy(\.isFinite) else {
      throw .invalidState(environment: name, expected: 2, received: state)
    }
    (theta, thetaDot) = (state[0], state[1])
    hasState = true
    lastTorque = nil
    angle = nil
  }

  /// Draws θ from `uniform(−x_init, x_init)` and θ̇ from `uniform(−y_init, y_init)`.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    let reader = try OptionReader(options, environment: name, known: ["x_init", "y_init"])
    let xInit = try reader.double("x_init", default: Double.pi)
    let yInit = try reader.double("y_init", default: 1.0)
    (theta, thetaDot) = generator.drawing(seed: seed) { rng in
      (rng.uniform(-xInit, xInit), rng.uniform(-yInit, yInit))
    }
    hasState = true
    lastTorque = nil
    angle = nil
    return Reset(observation: ObservationArray.make(count: 3) { writeObservation(into: $0) })
  }

  /// Applies the clipped torque and integrates one step.
  /// - Throws: `EnvironmentError` for a wrong-length or non-finite action, or before `reset`.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: 3)
  }

  /// The allocation-free step: writes the observation into `observation` (3 elements).
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    try advance(ActionValidation.scalar(action, environment: Self.id), writingObservationInto: observation)
  }

  /// The allocation-free step with the action as one raw value (no `Action`, no reference counting).
  public mutating func step(
    continuous values: UnsafeBufferPointer<Float>, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    try advance(ActionValidation.scalar(values, environment: Self.id), writingObservationInto: observation)
  }

  /// One timestep from a validated (finite, unclipped) action value.
  private mutating func advance(
    _ value: Float, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    guard hasState else { throw .resetNeeded(environment: name) }
    let u = min(max(value, -Self.maxTorque), Self.maxTorque)
    lastTorque = u
    // The cost's last term and the torque term are Float32 products (NumPy 2 weak scalars).
    let costs =
      libmSquare(Self.normalizeAngle(theta)) + 0.1 * libmSquare(thetaDot)
      + Double(Float(0.001) * libmSquare(u))
    let k = 3 * gravity / (2 * Self.length)
    let b = Float(3.0 / (Self.mass * (Self.length * Self.length)))
    let sinTheta = angle?.sin ?? sin(theta)
    var newThetaDot = thetaDot + (k * sinTheta + Double(b * u)) * Self.dt
    newThetaDot = min(max(newThetaDot, -Self.maxSpeed), Self.maxSpeed)
    theta = theta + newThetaDot * Self.dt
    thetaDot = newThetaDot
    angle = sineCosine(theta)
    writeObservation(into: observation)
    return Transition(reward: -costs, terminated: false)
  }

  /// `((x + π) mod 2π) − π` with Python's floor modulo (not C's `fmod`).
  static func normalizeAngle(_ x: Double) -> Double {
    let divisor = 2 * Double.pi
    var remainder = fmod(x + Double.pi, divisor)
    if remainder != 0 {
      if (divisor < 0) != (remainder < 0) { remainder += divisor }
    } else {
      remainder = copysign(0.0, divisor)
    }
    return remainder - Double.pi
  }

  private func writeObservation(into observation: UnsafeMutableBufferPointer<Float>) {
    precondition(observation.count == 3, "observation buffer must hold 3 values")
    let angle = angle ?? sineCosine(theta)
    observation[0] = Float(angle.cos)
    observation[1] = Float(angle.sin)
    observation[2] = Float(thetaDot)
  }
}
