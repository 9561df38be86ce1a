public import RLCore

/// Hopper-v4: make a one-legged robot hop forward (MuJoCo).
///
/// ## Description
/// As Gymnasium 1.4.0's `HopperEnv` (v4) on Debian's MuJoCo 2.2.2 with Gymnasium's `hopper.xml`: a torso, thigh,
/// leg and foot in a plane, three hinge joints driven by motors; frame skip 4 (dt = 4 × 0.002 s). Different MuJoCo
/// builds differ in the last bits, so transitions agree with Gymnasium's to a tolerance, not bit for bit.
///
/// ## Action space
/// `Box(-1, 1, (3,))` (the actuators' `ctrlrange`): thigh, leg and foot torques. MuJoCo clamps controls to the
/// range; the control cost uses the action as given (as Gymnasium).
///
/// ## Observation space
/// `Box(-∞, ∞, (11,))`: `qpos[1:]` (height z, torso angle, thigh, leg, foot angles) and `clip(qvel, −10, 10)`
/// (6 velocities); with `exclude_current_positions_from_observation = false` also the x position first (12).
/// Float32, from MuJoCo's Float64 (Gymnasium returns Float64).
///
/// ## Rewards
/// `r = healthy_reward·[healthy or terminate_when_unhealthy] + forward_reward_weight·(x_after − x_before)/dt
///  − ctrl_cost_weight·Σ a²` (the control cost in Float32, as NumPy computes it for a Float32 action).
///
/// ## Starting state
/// MuJoCo's reference configuration plus `uniform(−reset_noise_scale, reset_noise_scale)` on every `qpos`, then
/// on every `qvel` (in that order, from the environment's NumPy generator), then `mj_forward`.
///
/// ## Episode end
/// Terminated when unhealthy (if `terminate_when_unhealthy`): any of `qpos[2:]`, `qvel` outside (−100, 100), the
/// height z outside (0.7, ∞) or the torso angle outside (−0.2, 0.2). Truncated at 1000 steps by `TimeLimit`.
///
/// ## Arguments
/// `forward_reward_weight` (1.0), `ctrl_cost_weight` (1e-3), `healthy_reward` (1.0), `terminate_when_unhealthy`
/// (true), `reset_noise_scale` (5e-3), `exclude_current_positions_from_observation` (true), `xml_file` (a path,
/// default Gymnasium's `hopper.xml` from `MuJoCoAssets`). The range arguments are not options here.
///
/// ## Version
/// v4: `max_episode_steps = 1000`, reward threshold 3800.
public struct Hopper: Environment {
  /// The registry id.
  public static let id = "Hopper-v4"
  static let frameSkip = 4
  static let healthyZ = 0.7, healthyAngle = 0.2, healthyState = 100.0

  /// The environment id.
  public var name: String { Self.id }
  /// `Box(-∞, ∞, (11,))` (12 with the x position).
  public var observationSpace: Box {
    Box(low: -.infinity, high: .infinity, shape: [excludePositions ? 11 : 12])
  }
  /// The actuators' control ranges as a Float32 box.
  public let actionSpace: Space
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?
  /// Reward weights and the unhealthy-termination switch.
  public let forwardRewardWeight: Double, controlCostWeight: Float, healthyReward: Double
  /// See `forwardRewardWeight`.
  public let terminateWhenUnhealthy: Bool
  /// The half-width of the uniform reset noise.
  public let resetNoiseScale: Double
  /// Whether the observation omits the x position.
  public let excludePositions: Bool
  let simulation: MuJoCoSimulation
  let initialPositions: [Double]
  private var hasState = false

  /// Creates the environment from Gymnasium's constructor arguments (see the type's documentation).
  /// - Throws: `EnvironmentError` for unknown or ill-typed options, a missing or broken model file.
  public init(options: Options = [:]) throws(EnvironmentError) {
    let reader = try OptionReader(options, environment: Self.id, known: [
      "forward_reward_weight", "ctrl_cost_weight", "healthy_reward", "terminate_when_unhealthy", "reset_noise_scale",
      "exclude_current_positions_from_observation", "xml_file",
    ])
    forwardRewardWeight = try reader.double("forward_reward_weight", default: 1)
    controlCostWeight = Float(try reader.double("ctrl_cost_weight", default: 1e-3))
    healthyReward = try reader.double("healthy_reward", default: 1)
    terminateWhenUnhealthy = try reader.bool("terminate_when_unhealthy", default: true)
    resetNoiseScale = try reader.double("reset_noise_scale", default: 5e-3)
    excludePositions = try reader.bool("exclude_current_positions_from_observation", default: true)
    let path = try MuJoCoAssets.path("hopper.xml", override: try reader.string("xml_file", default: nil), environment: Self.id)
    simulation = try MuJoCoSimulation(path: path, environment: Self.id)
    guard simulation.nq == 6, simulation.nv == 6, simulation.nu == 3 else {
      throw .invalidOption(environment: Self.id, name: "xml_file", reason: "\(path) is not a hopper (nq 6, nv 6, nu 3)")
    }
    initialPositions = simulation.referencePositions
    let ranges = simulation.controlRanges
    actionSpace = .box(Box(low: ranges.map { Float($0.lowerBound) }, high: ranges.map { Float($0.upperBound) }))
  }

  /// The simulation step of one environment step (`opt.timestep × 4`).
  public var dt: Double { simulation.timestep * Double(Self.frameSkip) }

  /// `qpos (6) + qvel (6)`, Float64.
  public var state: [Double] {
    let s = simulation.state
    return s.qpos + s.qvel
  }

  /// Sets `qpos + qvel` exactly (then `mj_forward`).
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    guard state.count == 12, state.allSatisfy(\.isFinite) else { throw .invalidState(environment: name, expected: 12, received: state) }
    simulation.setState(qpos: Array(state[0..<6]), qvel: Array(state[6..<12]))
    hasState = true
  }

  /// `mj_resetData`, then the reference configuration plus uniform noise on positions, then velocities.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    _ = try OptionReader(options, environment: name, known: [])
    simulation.reset()
    let (noise, nq, nv) = (resetNoiseScale, simulation.nq, simulation.nv)
    let (qpos, qvel) = generator.drawing(seed: seed) { rng in
      let positions = initialPositions.map { $0 + rng.uniform(-noise, noise) }
      return (positions, (0..<nv).map { _ in rng.uniform(-noise, noise) })
    }
    precondition(qpos.count == nq)
    simulation.setState(qpos: qpos, qvel: qvel)
    hasState = true
    let count = observationSpace.count
    return Reset(observation: ObservationArray.make(count: count) { write(simulation.state, into: $0) })
  }

  /// One environment step: the controls for 4 MuJoCo steps, reward, termination.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: observationSpace.count)
  }

  /// The allocation-free step.
  /// - Throws: `EnvironmentError` for a wrong-length or non-finite action, or before `reset`.
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    try actionSpace.validate(action, environment: name)
    guard hasState else { throw .resetNeeded(environment: name) }
    guard case .continuous(let a) = action else { throw .actionKindMismatch(environment: name, expected: "continuous", received: action.kind) }
    let before = simulation.state.qpos[0]
    simulation.step(controls: a.map(Double.init), frames: Self.frameSkip)
    let after = simulation.state
    write(after, into: observation)
    var squares: Float = 0
    for value in a { squares += value * value }
    let healthy = Self.isHealthy(qpos: after.qpos, qvel: after.qvel)
    let reward = forwardRewardWeight * (after.qpos[0] - before) / dt
      + (healthy || terminateWhenUnhealthy ? healthyReward : 0) - Double(controlCostWeight * squares)
    return Transition(reward: reward, terminated: terminateWhenUnhealthy && !healthy)
  }

  /// Gymnasium's `is_healthy`: `qpos[2:]` and `qvel` inside (−100, 100), z > 0.7, |angle| < 0.2 (strict).
  static func isHealthy(qpos: [Double], qvel: [Double]) -> Bool {
    let (z, angle) = (qpos[1], qpos[2])
    let stateInside = (qpos[2...] + qvel[...]).allSatisfy { -healthyState < $0 && $0 < healthyState }
    return stateInside && healthyZ < z && -healthyAngle < angle && angle < healthyAngle
  }

  /// `qpos[1:]` (or all of it) then `clip(qvel, −10, 10)`, as Float32.
  private func write(_ state: (qpos: [Double], qvel: [Double]), into observation: UnsafeMutableBufferPointer<Float>) {
    let positions = excludePositions ? Array(state.qpos.dropFirst()) : state.qpos
    for (i, value) in positions.enumerated() { observation[i] = Float(value) }
    for (j, value) in state.qvel.enumerated() { observation[positions.count + j] = Float(min(max(value, -10), 10)) }
  }
}
