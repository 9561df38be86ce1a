import Foundation
public import RLCore

/// CartPole-v1: balance a pole hinged on a cart by pushing the cart left or right.
///
/// ## Description
/// Barto, Sutton & Anderson (1983), as Gymnasium 1.4.0's `CartPoleEnv`, bit for bit: Float64 state,
/// explicit Euler integration with `tau = 0.02`, Float32 observations.
///
/// ## Action space
/// `Discrete(2)`: 0 pushes the cart left, 1 right (force ±10 N).
///
/// ## Observation space
/// `Box([-4.8, -inf, -0.41887903, -inf], [4.8, inf, 0.41887903, inf])`: cart position, cart velocity,
/// pole angle, pole angular velocity. The bounds are twice the termination thresholds.
///
/// ## Rewards
/// +1 every step, including the terminating one. With `sutton_barto_reward=true`: 0 per step and −1
/// on termination.
///
/// ## Starting state
/// Every component uniform in [−0.05, 0.05] (reset options `low`, `high`).
///
/// ## Episode end
/// Terminates when |x| > 2.4 or |θ| > 12°; truncated at 500 steps by `TimeLimit` (`make`).
/// Stepping after termination behaves as Gymnasium: the physics keeps integrating and the reward is
/// 0 (−1 with `sutton_barto_reward`).
///
/// ## Arguments
/// `sutton_barto_reward` (Bool, default false). `kinematicsIntegrator` is a property, as in Gymnasium.
///
/// ## Version
/// v1: `max_episode_steps = 500`, reward threshold 475.
public struct CartPole: Environment {
  /// The registry id.
  public static let id = "CartPole-v1"
  /// Euler variants Gymnasium offers through its `kinematics_integrator` attribute.
  public enum Integrator: Sendable { case euler, semiImplicitEuler }

  static let gravity = 9.8
  static let massCart = 1.0
  static let massPole = 0.1
  static let totalMass = massPole + massCart
  static let length = 0.5
  static let poleMassLength = massPole * length
  static let forceMagnitude = 10.0
  static let tau = 0.02
  static let thetaThreshold = 12 * 2 * Double.pi / 360
  static let xThreshold = 2.4

  /// The environment id.
  public var name: String { Self.id }
  /// `Box([-4.8, -inf, -0.41887903, -inf], [4.8, inf, 0.41887903, inf])`.
  public var observationSpace: Box { Self.observationBox }
  static let observationBox = Box(
    low: [Float(-xThreshold * 2), -.infinity, Float(-thetaThreshold * 2), -.infinity],
    high: [Float(xThreshold * 2), .infinity, Float(thetaThreshold * 2), .infinity])
  /// `Discrete(2)`.
  public var actionSpace: Space { Self.actionBox }
  static let actionBox = Space.discrete(Discrete(2))
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?
  /// Whether the Sutton–Barto reward (0 per step, −1 on failure) is used.
  public let suttonBartoReward: Bool
  /// The integrator (`.euler` by default, as Gymnasium).
  public var kinematicsIntegrator = Integrator.euler

  var x = 0.0, xDot = 0.0, theta = 0.0, thetaDot = 0.0
  private var hasState = false
  private var stepsBeyondTerminated: Int?

  /// Creates the environment.
  /// - Parameter suttonBartoReward: use the Sutton–Barto reward.
  public init(suttonBartoReward: Bool = false) {
    self.suttonBartoReward = suttonBartoReward
  }

  /// Creates the environment from constructor options (`sutton_barto_reward`).
  /// - Parameter options: the options.
  /// - Throws: `EnvironmentError` for unknown or ill-typed options.
  public init(options: Options) throws(EnvironmentError) {
    let reader = try OptionReader(options, environment: Self.id, known: ["sutton_barto_reward"])
    self.init(suttonBartoReward: try reader.bool("sutton_barto_reward", default: false))
  }

  /// `[x, x_dot, theta, theta_dot]` (Float64).
  public var state: [Double] { [x, xDot, theta, thetaDot] }

  /// Sets `[x, x_dot, theta, theta_dot]` exactly.
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    guard state.count == 4, state.allSatisfy(\.isFinite) else {
      throw .invalidState(environment: name, expected: 4, received: state)
    }
    (x, xDot, theta, thetaDot) = (state[0], state[1], state[2], state[3])
    hasState = true
    stepsBeyondTerminated = nil
  }

  /// Draws each component from `uniform(low, high)` (default ±0.05).
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    let bounds = try OptionReader(options, environment: name, known: ["low", "high"])
      .resetBounds(defaultLow: -0.05, defaultHigh: 0.05)
    (x, xDot, theta, thetaDot) = generator.drawing(seed: seed) { rng in
      (
        rng.uniform(bounds.low, bounds.high), rng.uniform(bounds.low, bounds.high),
        rng.uniform(bounds.low, bounds.high), rng.uniform(bounds.low, bounds.high)
      )
    }
    hasState = true
    stepsBeyondTerminated = nil
    return Reset(observation: ObservationArray.make(count: 4) { writeObservation(into: $0) })
  }

  /// Pushes the cart and integrates one step.
  /// - Throws: `EnvironmentError` for an action other than 0 or 1, or before `reset`.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: 4)
  }

  /// The allocation-free step: writes the observation into `observation` (4 elements).
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    let push = try ActionValidation.discrete(action, count: 2, environment: Self.id)
    guard hasState else { throw .resetNeeded(environment: name) }
    integrate(force: push == 1 ? Self.forceMagnitude : -Self.forceMagnitude)
    let terminated =
      x < -Self.xThreshold || x > Self.xThreshold || theta < -Self.thetaThreshold
      || theta > Self.thetaThreshold
    let reward = reward(terminated: terminated)
    writeObservation(into: observation)
    return Transition(reward: reward, terminated: terminated)
  }

  private mutating func integrate(force: Double) {
    let (sinTheta, cosTheta) = sineCosine(theta)
    let temp = (force + Self.poleMassLength * (thetaDot * thetaDot) * sinTheta) / Self.totalMass
    let thetaAcc =
      (Self.gravity * sinTheta - cosTheta * temp)
      / (Self.length * (4.0 / 3.0 - Self.massPole * (cosTheta * cosTheta) / Self.totalMass))
    let xAcc = temp - Self.poleMassLength * thetaAcc * cosTheta / Self.totalMass
    switch kinematicsIntegrator {
    case .euler:
      x = x + Self.tau * xDot
      xDot = xDot + Self.tau * xAcc
      theta = theta + Self.tau * thetaDot
      thetaDot = thetaDot + Self.tau * thetaAcc
    case .semiImplicitEuler:
      xDot = xDot + Self.tau * xAcc
      x = x + Self.tau * xDot
      thetaDot = thetaDot + Self.tau * thetaAcc
      theta = theta + Self.tau * thetaDot
    }
  }

  private mutating func reward(terminated: Bool) -> Double {
    if !terminated { return suttonBartoReward ? 0.0 : 1.0 }
    if let beyond = stepsBeyondTerminated {
      stepsBeyondTerminated = beyond + 1
      return suttonBartoReward ? -1.0 : 0.0
    }
    stepsBeyondTerminated = 0
    return suttonBartoReward ? -1.0 : 1.0
  }

  private func writeObservation(into observation: UnsafeMutableBufferPointer<Float>) {
    precondition(observation.count == 4, "observation buffer must hold 4 values")
    observation[0] = Float(x)
    observation[1] = Float(xDot)
    observation[2] = Float(theta)
    observation[3] = Float(thetaDot)
  }
}
