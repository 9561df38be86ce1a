public import RLCore

/// Gymnasium's planar MuJoCo locomotion environments (v4 and v5: Hopper, Walker2d, HalfCheetah) on Debian's MuJoCo 2.2.2 with
/// Gymnasium 1.4.0's model files; the task (`LocomotionTask`) says which.
///
/// ## Description
/// As Gymnasium's `HopperEnv` / `Walker2dEnv` / `HalfCheetahEnv` (v4): the model compiled from Gymnasium's XML, `frameSkip` MuJoCo
/// steps per environment step (dt = frameSkip × 0.002 s), then `mj_rnePostConstraint`. Different MuJoCo builds may
/// differ in the last bits; on Hopper, MuJoCo 2.2.2 and Gymnasium's mujoco 3.3.5 agree to ~5e-15 (tests).
///
/// ## Action space
/// `Box(ctrlrange)` (−1…1 per actuator), Float32. MuJoCo clamps controls to the range; the control cost uses the
/// action as given (as Gymnasium).
///
/// ## Observation space
/// `Box(-∞, ∞)`: `qpos[1:]` (height z, torso angle, joint angles) then `clip(qvel, −10, 10)` (HalfCheetah: unclipped); with
/// `exclude_current_positions_from_observation = false` the x position first. Float32 from MuJoCo's Float64
/// (Gymnasium returns Float64).
///
/// ## Rewards
/// `r = healthy_reward·[healthy or terminate_when_unhealthy] (v5: [healthy]) + forward_reward_weight·(x_after − x_before)/dt
///  − ctrl_cost_weight·Σ a²` (HalfCheetah: no healthy term), the control cost in Float32 as NumPy computes it for
/// a Float32 action.
///
/// ## Starting state
/// `mj_resetData`, then MuJoCo's reference configuration plus `uniform(−reset_noise_scale, reset_noise_scale)` on
/// every `qpos`, then on every `qvel` (HalfCheetah: `reset_noise_scale · standard_normal()`, NumPy's ziggurat), in
/// that order from the environment's NumPy generator, then `mj_forward`.
///
/// ## Episode end
/// Terminated when unhealthy (`LocomotionTask.Health`) if `terminate_when_unhealthy`; truncated at 1000 steps by
/// `TimeLimit`.
///
/// ## Arguments
/// `forward_reward_weight` (1.0), `ctrl_cost_weight` (the task's), `healthy_reward` (1.0) and
/// `terminate_when_unhealthy` (true) where the task has a health test, `reset_noise_scale` (the task's), `exclude_current_positions_from_observation`
/// (true), `xml_file` (a path; default the task's file from `MuJoCoAssets`). The range arguments are not options.
public struct Locomotion: Environment {
  /// The task.
  public let task: LocomotionTask
  /// The environment id.
  public var name: String { task.id }
  /// `Box(-∞, ∞)` of `nq − 1 + nv` values (`nq + nv` with the x position).
  public var observationSpace: Box {
    Box(low: -.infinity, high: .infinity, shape: [task.nq + task.nv - (excludePositions ? 1 : 0)])
  }
  /// The actuators' control ranges as a Float32 box.
  public let actionSpace: Space
  /// The environment's generator.
  public private(set) var generator: NumPyGenerator?
  /// Reward weights.
  public let forwardRewardWeight: Double, controlCostWeight: Float, healthyReward: Double
  /// Whether an unhealthy state ends the episode.
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
  public init(_ task: LocomotionTask, options: Options = [:]) throws(EnvironmentError) {
    self.task = task
    let health = task.health == nil ? [] : ["healthy_reward", "terminate_when_unhealthy"]
    let reader = try OptionReader(options, environment: task.id, known: health + [
      "forward_reward_weight", "ctrl_cost_weight", "reset_noise_scale", "exclude_current_positions_from_observation", "xml_file",
    ])
    forwardRewardWeight = try reader.double("forward_reward_weight", default: 1)
    controlCostWeight = Float(try reader.double("ctrl_cost_weight", default: task.controlCostWeight))
    healthyReward = try reader.double("healthy_reward", default: task.health == nil ? 0 : 1)
    terminateWhenUnhealthy = try reader.bool("terminate_when_unhealthy", default: task.health != nil)
    resetNoiseScale = try reader.double("reset_noise_scale", default: task.resetNoiseScale)
    excludePositions = try reader.bool("exclude_current_positions_from_observation", default: true)
    let path = try MuJoCoAssets.path(task.modelFile, override: try reader.string("xml_file", default: nil), environment: task.id)
    simulation = try MuJoCoSimulation(path: path, environment: task.id)
    guard simulation.nq == task.nq, simulation.nv == task.nv, simulation.nu == task.nu else {
      throw .invalidOption(environment: task.id, name: "xml_file",
        reason: "\(path) has nq \(simulation.nq), nv \(simulation.nv), nu \(simulation.nu); \(task.id) needs \(task.nq), \(task.nv), \(task.nu)")
    }
    initialPositions = simulation.referencePositions
    let ranges = simulation.controlRanges
    actionSpace = .box(Box(low: ranges.map { Float($0.lowerBound) }, high: ranges.map { Float($0.upperBound) }))
  }

  /// The time of one environment step (`opt.timestep × frameSkip`).
  public var dt: Double { simulation.timestep * Double(task.frameSkip) }

  /// `qpos + qvel`, Float64.
  public var state: [Double] {
    let s = simulation.state
    return s.qpos + s.qvel
  }

  /// Sets `qpos + qvel` exactly (then `mj_forward`).
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    let (nq, nv) = (task.nq, task.nv)
    guard state.count == nq + nv, state.allSatisfy(\.isFinite) else { throw .invalidState(environment: name, expected: nq + nv, received: state) }
    simulation.setState(qpos: Array(state[0..<nq]), qvel: Array(state[nq...]))
    hasState = true
  }

  /// `mj_resetData`, then the reference configuration plus noise on positions, then velocities.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    _ = try OptionReader(options, environment: name, known: [])
    simulation.reset()
    let (noise, nv, initial, normal) = (resetNoiseScale, task.nv, initialPositions, task.velocityNoise == .normal)
    let (qpos, qvel) = generator.drawing(seed: seed) { rng in
      let positions = initial.map { $0 + rng.uniform(-noise, noise) }
      return (positions, (0..<nv).map { _ in normal ? noise * rng.zigguratNormal() : rng.uniform(-noise, noise) })
    }
    simulation.setState(qpos: qpos, qvel: qvel)
    hasState = true
    return Reset(observation: ObservationArray.make(count: observationSpace.count) { write(simulation.state, into: $0) })
  }

  /// One environment step: the controls for `frameSkip` MuJoCo steps, reward, termination.
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
    simulation.step(controls: a.map(Double.init), frames: task.frameSkip)
    let after = simulation.state
    write(after, into: observation)
    var squares: Float = 0
    for value in a { squares += value * value }
    let healthy = task.isHealthy(qpos: after.qpos, qvel: after.qvel)
    let reward = forwardRewardWeight * (after.qpos[0] - before) / dt
      + (healthy || (terminateWhenUnhealthy && !task.healthyRewardOnlyWhenHealthy) ? healthyReward : 0)
      - Double(controlCostWeight * squares)
    return Transition(reward: reward, terminated: terminateWhenUnhealthy && !healthy)
  }

  /// `qpos[1:]` (or all of it) then `clip(qvel, −10, 10)`, as Float32.
  private func write(_ state: (qpos: [Double], qvel: [Double]), into observation: UnsafeMutableBufferPointer<Float>) {
    let positions = excludePositions ? Array(state.qpos.dropFirst()) : state.qpos
    for (i, value) in positions.enumerated() { observation[i] = Float(value) }
    let clip = task.clipsVelocities
    for (j, value) in state.qvel.enumerated() { observation[positions.count + j] = Float(clip ? min(max(value, -10), 10) : value) }
  }
}
