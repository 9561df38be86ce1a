import Foundation
public import RLCore

/// MountainCar-v0: drive an under-powered car up a hill by rocking it back and forth.
///
/// ## Description
/// Moore (1990), as Gymnasium 1.4.0's `MountainCarEnv`, bit for bit (Float64 state).
///
/// ## Action space
/// `Discrete(3)`: 0 accelerates left, 1 does nothing, 2 accelerates right.
///
/// ## Observation space
/// `Box([-1.2, -0.07], [0.6, 0.07])`: position, velocity.
///
/// ## Rewards
/// −1 every step, including the terminal one.
///
/// ## Starting state
/// Position uniform in [−0.6, −0.4] (reset options `low`, `high`), velocity 0.
///
/// ## Episode end
/// Terminates when position ≥ 0.5 and velocity ≥ `goal_velocity`; truncated at 200 steps by
/// `TimeLimit`. The dynamics are: `v += (a − 1)·0.001 − 0.0025·cos(3p)` clipped to ±0.07,
/// `p += v` clipped to [−1.2, 0.6], and a velocity of 0 at the left wall (inelastic). Stepping
/// after termination continues the dynamics, as in Gymnasium.
///
/// ## Arguments
/// `goal_velocity` (Double, default 0).
///
/// ## Version
/// v0: `max_episode_steps = 200`, reward threshold −110.
public struct MountainCar: Environment {
  /// The registry id.
  public static let id = "MountainCar-v0"
  static let minPosition = -1.2
  static let maxPosition = 0.6
  static let maxSpeed = 0.07
  static let goalPosition = 0.5
  static let force = 0.001
  static let gravity = 0.0025

  /// The environment id.
  public var name: String { Self.id }
  /// `Box([-1.2, -0.07], [0.6, 0.07])`.
  public var observationSpace: Box { Self.observationBox }
  static let observationBox = Box(
    low: [Float(minPosition), Float(-maxSpeed)], high: [Float(maxPosition), Float(maxSpeed)])
  /// `Discrete(3)`.
  public var actionSpace: Space { Self.actionBox }
  static let actionBox = Space.discrete(Discrete(3))
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?
  /// The velocity the car must have at the goal.
  public let goalVelocity: Double

  var car = CarState()

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

  /// `[position, velocity]` (Float64).
  public var state: [Double] { car.vector }

  /// Sets `[position, velocity]` exactly.
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    try car.set(state, environment: name)
  }

  /// Draws the position from `uniform(low, high)` (default [−0.6, −0.4]); velocity 0.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    try car.reset(seed: seed, options: options, generator: &generator, environment: name)
    return Reset(observation: ObservationArray.make(count: 2) { writeObservation(into: $0) })
  }

  /// Applies the action and integrates one step.
  /// - Throws: `EnvironmentError` for an action outside 0...2, or before `reset`.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: 2)
  }

  /// The allocation-free step: writes the observation into `observation` (2 elements).
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    let push = try ActionValidation.discrete(action, count: 3, environment: Self.id)
    guard car.isSet else { throw .resetNeeded(environment: name) }
    car.velocity = car.velocity + (Double(push - 1) * Self.force + cos(3 * car.position) * -Self.gravity)
    car.velocity = min(max(car.velocity, -Self.maxSpeed), Self.maxSpeed)
    car.position = car.position + car.velocity
    car.position = min(max(car.position, Self.minPosition), Self.maxPosition)
    if car.position == Self.minPosition && car.velocity < 0 { car.velocity = 0 }
    let terminated = car.position >= Self.goalPosition && car.velocity >= goalVelocity
    writeObservation(into: observation)
    return Transition(reward: -1.0, terminated: terminated)
  }

  private func writeObservation(into observation: UnsafeMutableBufferPointer<Float>) {
    precondition(observation.count == 2, "observation buffer must hold 2 values")
    observation[0] = Float(car.position)
    observation[1] = Float(car.velocity)
  }
}
