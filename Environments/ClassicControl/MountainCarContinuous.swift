import Foundation
public import RLCore

/// MountainCarContinuous-v0: MountainCar with a continuous force and an energy penalty.
///
/// ## Description
/// As Gymnasium 1.4.0's `Continuous_MountainCarEnv`, bit for bit, including its precision regime
/// under NumPy 2: the state is Float64 after `reset` (or `setState`) and Float32 after every step,
/// so the first step mixes precisions and later steps run in Float32 (ENVIRONMENTS.md §3.3).
///
/// ## Action space
/// `Box(-1, 1, (1,))`: the force. Out-of-range values are clipped for the dynamics but the reward
/// penalises the raw value, as Gymnasium.
///
/// ## Observation space
/// `Box([-1.2, -0.07], [0.6, 0.07])`: position, velocity.
///
/// ## Rewards
/// `−0.1·a²` every step, plus 100 on reaching the goal.
///
/// ## Starting state
/// Position uniform in [−0.6, −0.4] (reset options `low`, `high`), velocity 0.
///
/// ## Episode end
/// Terminates when position ≥ 0.45 and velocity ≥ `goal_velocity` (compared in Float32 once the
/// state is Float32); truncated at 999 steps by `TimeLimit`. Stepping after termination continues.
///
/// ## Arguments
/// `goal_velocity` (Double, default 0).
///
/// ## Version
/// v0: `max_episode_steps = 999`, reward threshold 90.
public struct MountainCarContinuous: Environment {
  /// The registry id.
  public static let id = "MountainCarContinuous-v0"
  static let minPosition = -1.2
  static let maxPosition = 0.6
  static let maxSpeed = 0.07
  static let goalPosition = 0.45
  static let power = 0.0015

  /// The environment id.
  public var name: String { Self.id }
  /// `Box([-1.2, -0.07], [0.6, 0.07])`.
  public var observationSpace: Box { Self.observationBox }
  static let observationBox = Box(
    low: [Float(minPosition), Float(-maxSpeed)], high: [Float(maxPosition), Float(maxSpeed)])
  /// `Box(-1, 1, (1,))`.
  public var actionSpace: Space { Self.actionBox }
  static let actionBox = Space.box(Box(low: -1, high: 1, shape: [1]))
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?
  /// The velocity the car must have at the goal.
  public let goalVelocity: Double

  var car = CarState()
  /// Whether the state holds Float32 values (true after any step).
  private var stateIsFloat32 = false

  /// Creates the environment.
  /// - Parameter goalVelocity: the velocity required at the goal.
  public init(goalVelocity: Double = 0) {
    self.goalVelocity = goalVelocity
  }

  /// Creates the environment from constructor options (`goal_velocity`).
  /// - Parameter options: the options.
  /// - Throws: `EnvironmentError` for unknown or ill-typed options.
  public init(options: Options) throws(EnvironmentError) {
    self.init(goalVelocity: try CarState.goalVelocity(from: options, environment: Self.id))
  }

  /// `[position, velocity]` (Float32 values after a step, Float64 after reset or `setState`).
  public var state: [Double] { car.vector }

  /// Sets `[position, velocity]` exactly, as a Float64 state (Gymnasium's explicit assignment).
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    try car.set(state, environment: name)
    stateIsFloat32 = false
  }

  /// Draws the position from `uniform(low, high)` (default [−0.6, −0.4]); velocity 0; Float64 state.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    try car.reset(seed: seed, options: options, generator: &generator, environment: name)
    stateIsFloat32 = false
    return Reset(observation: ObservationArray.make(count: 2) { writeObservation(into: $0) })
  }

  /// Applies the force and integrates one step with NumPy 2's mixed precision.
  /// - Throws: `EnvironmentError` for a wrong-length or non-finite action, or before `reset`.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: 2)
  }

  /// The allocation-free step: writes the observation into `observation` (2 elements).
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
    guard car.isSet else { throw .resetNeeded(environment: name) }
    let a = value
    var isVelocityFloat32 = stateIsFloat32
    car.velocity = Self.nextVelocity(position: car.position, velocity: car.velocity, force: a, isFloat32: stateIsFloat32)
    // Clipped values are the Float64 literals until they are stored back as Float32.
    if car.velocity > threshold(Self.maxSpeed, isVelocityFloat32) {
      (car.velocity, isVelocityFloat32) = (Self.maxSpeed, false)
    }
    if car.velocity < threshold(-Self.maxSpeed, isVelocityFloat32) {
      (car.velocity, isVelocityFloat32) = (-Self.maxSpeed, false)
    }
    car.position = stateIsFloat32 ? roundedToFloat(car.position + roundedToFloat(car.velocity)) : car.position + car.velocity
    var isPositionFloat32 = stateIsFloat32
    if car.position > threshold(Self.maxPosition, isPositionFloat32) {
      (car.position, isPositionFloat32) = (Self.maxPosition, false)
    }
    if car.position < threshold(Self.minPosition, isPositionFloat32) {
      (car.position, isPositionFloat32) = (Self.minPosition, false)
    }
    if car.position == threshold(Self.minPosition, isPositionFloat32) && car.velocity < 0 {
      (car.velocity, isVelocityFloat32) = (0, false)
    }
    let terminated =
      car.position >= threshold(Self.goalPosition, isPositionFloat32)
      && car.velocity >= threshold(goalVelocity, isVelocityFloat32)
    // math.pow(a, 2) of a Float32 value is exact in Float64 (48 significant bits), so glibc's pow
    // (error < 1 ulp) returns exactly Double(a) * Double(a).
    let reward = (terminated ? 100.0 : 0.0) - Double(a) * Double(a) * 0.1
    car.position = roundedToFloat(car.position)
    car.velocity = roundedToFloat(car.velocity)
    stateIsFloat32 = true
    writeObservation(into: observation)
    return Transition(reward: reward, terminated: terminated)
  }

  /// `v + (force·power − 0.0025·cos(3p))` in the precision NumPy 2 uses for this state and force.
  private static func nextVelocity(position: Double, velocity: Double, force a: Float, isFloat32 stateIsFloat32: Bool)
    -> Double
  {
    let argument = stateIsFloat32 ? roundedToFloat(3.0 * position) : 3.0 * position
    let c = 0.0025 * cos(argument)
    if a >= -1 && a <= 1 {
      // The unclipped force stays np.float32: Float32 product and difference.
      let increment = a * Float(Self.power) - Float(c)
      return stateIsFloat32 ? roundedToFloat(velocity + Double(increment)) : velocity + Double(increment)
    }
    // A clipped force is the Python float ±1.0: Float64 arithmetic.
    let increment = (a < -1 ? -1.0 : 1.0) * Self.power - c
    return stateIsFloat32 ? roundedToFloat(velocity + roundedToFloat(increment)) : velocity + increment
  }

  /// A comparison constant as NumPy sees it: rounded to Float32 when the operand is Float32.
  @inline(__always)
  private func threshold(_ value: Double, _ isFloat32: Bool) -> Double {
    isFloat32 ? roundedToFloat(value) : value
  }

  private func writeObservation(into observation: UnsafeMutableBufferPointer<Float>) {
    precondition(observation.count == 2, "observation buffer must hold 2 values")
    observation[0] = Float(car.position)
    observation[1] = Float(car.velocity)
  }
}
