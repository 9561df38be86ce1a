import CBox2D
import Foundation
public import RLCore

/// BipedalWalker-v3: walk a four-joint robot across rough terrain (stumps, stairs and pits in hardcore).
///
/// ## Description
/// Gymnasium 1.4.0's `BipedalWalker` on Box2D 2.4 through the C shim: terrain generation with the
/// same draws in the same order (including the 110 draws of the cosmetic clouds), hull, two legs of
/// two segments, torque-limited joint motors, a 10-ray lidar. Agreement with Gymnasium is behavioural.
/// Deviation: Gymnasium reuses its Box2D world across resets, so `reset(seed: s)` on a reused
/// instance can differ from a fresh one; this port rebuilds the world on every reset, so the same
/// seed always gives the same episode.
///
/// ## Action space
/// `Box(-1, 1, (4,))`: `[hip0, knee0, hip1, knee1]` motor commands: speed `±4` (hips) or `±6` (knees)
/// in the command's direction with torque `80·min(|a|, 1)`; out-of-range values act clipped.
///
/// ## Observation space
/// 24 values: hull angle, angular velocity, velocity, the four joint angles and speeds, two
/// lower-leg contact flags, and 10 lidar fractions (1 = nothing within range).
///
/// ## Rewards
/// Forward progress `130·Δx/30 − 5·Δ|angle|`, minus `0.00035·80·min(|a|, 1)` per motor (in Float32,
/// as Gymnasium computes it for Float32 actions); −100 when the hull touches the ground.
///
/// ## Starting state
/// Standing at the start of the terrain with a small random horizontal push.
///
/// ## Episode end
/// Terminates when the hull touches the ground or leaves at the left, and when the walker reaches the
/// end; truncated at 1600 steps (2000 in hardcore) by `TimeLimit`. After a fall every step returns
/// −100 and `terminated`, as in Gymnasium.
///
/// ## Arguments
/// `hardcore` (false).
///
/// ## Version
/// v3, reward threshold 300. Copies of an instance share its Box2D world: make a new environment.
public struct BipedalWalker: Environment {
  /// The registry id.
  public static let id = "BipedalWalker-v3"
  static let actionBox = Space.box(Box(low: -1, high: 1, shape: [4]))
  static let observationBox: Box = {
    let pi = Float(Double.pi)
    let low: [Float] = [-pi, -5, -5, -5, -pi, -5, -pi, -5, -0, -pi, -5, -pi, -5, -0]
    let high: [Float] = [pi, 5, 5, 5, pi, 5, pi, 5, 5, pi, 5, pi, 5, 5]
    return Box(low: low + Array(repeating: -1, count: 10), high: high + Array(repeating: 1, count: 10))
  }()

  /// The environment id.
  public var name: String { Self.id }
  /// The 24-value observation box.
  public var observationSpace: Box { Self.observationBox }
  /// `Box(-1, 1, (4,))`.
  public var actionSpace: Space { Self.actionBox }
  /// The environment's generator.
  public internal(set) var generator: NumPyGenerator?
  /// Whether the terrain has obstacles.
  public let hardcore: Bool

  var bodies: BipedalWalkerBodies?
  var gameOver = false
  var previousShaping: Double?

  /// Creates the environment.
  /// - Parameter hardcore: generate stumps, stairs and pits.
  public init(hardcore: Bool = false) {
    self.hardcore = hardcore
  }

  /// Creates the environment from constructor options (`hardcore`).
  /// - Throws: `EnvironmentError` for unknown or ill-typed options.
  public init(options: Options) throws(EnvironmentError) {
    let reader = try OptionReader(options, environment: Self.id, known: ["hardcore"])
    self.init(hardcore: try reader.bool("hardcore", default: false))
  }

  /// Builds a new world and takes Gymnasium's initial zero-torque step.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    _ = try OptionReader(options, environment: name, known: [])
    let hardcore = hardcore
    bodies = generator.drawing(seed: seed) { rng in BipedalWalkerBodies(hardcore: hardcore, generator: &rng) }
    gameOver = false
    previousShaping = nil
    return Reset(observation: try step(.continuous([0, 0, 0, 0])).observation)
  }

  /// Drives the joint motors and advances the world by 1/50 s.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: 24)
  }
}
