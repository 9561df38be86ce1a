import CBox2D
import Foundation
public import RLCore

/// LunarLander-v3: land a rocket on a pad with a main engine and two orientation thrusters.
///
/// ## Description
/// Gymnasium 1.4.0's `LunarLander` on Box2D 2.4 (Debian's libbox2d) through a C shim: terrain,
/// lander, spring-loaded legs, engine impulses with random dispersion, optional wind and turbulence,
/// shaping reward. Random draws follow Gymnasium's order (12 terrain heights, 2 initial-force
/// components, 2 wind indices, 2 dispersion draws every step), and the world is rebuilt on every
/// reset, so `reset(seed: s)` gives the same episode on a fresh or a reused instance. Agreement with
/// Gymnasium is behavioural (Box2D 2.4 vs pybox2d's 2.3), not bit-exact.
///
/// ## Action space
/// `Discrete(4)`: 0 nothing, 1 left orientation engine, 2 main engine, 3 right orientation engine.
/// With `continuous=true`: `Box(-1, 1, (2,))` `[main, lateral]`, clipped to [−1, 1] as Gymnasium;
/// main fires above 0 (power 50–100 %), lateral beyond ±0.5.
///
/// ## Observation space
/// `Box([-2.5, -2.5, -10, -10, -2π, -10, 0, 0], [2.5, 2.5, 10, 10, 2π, 10, 1, 1])`: position, velocity,
/// angle, angular velocity (scaled as Gymnasium) and the two leg-contact flags.
///
/// ## Rewards
/// The change of `−100·|position| − 100·|velocity| − 100·|angle| + 10·(legs in contact)`, minus
/// 0.3 per frame of main engine (times its power) and 0.03 per frame of side engine; −100 on a crash
/// or leaving the screen, +100 when the lander comes to rest (these overwrite the step's reward).
///
/// ## Starting state
/// The lander starts at the top centre with a random initial force.
///
/// ## Episode end
/// Terminates on a crash (the hull touches the ground), when |x| ≥ 1, or when the lander sleeps
/// (rests); truncated at 1000 steps by `TimeLimit`. After termination every step returns −100 and
/// `terminated` (the crash flag is sticky), as in Gymnasium.
///
/// ## Arguments
/// `continuous` (false), `gravity` (−10, in (−12, 0)), `enable_wind` (false), `wind_power` (15),
/// `turbulence_power` (1.5).
///
/// ## Version
/// v3: `max_episode_steps = 1000`, reward threshold 200. Copies of an instance share its Box2D world:
/// make a new environment instead of copying one.
public struct LunarLander: Environment {
  /// The registry id.
  public static let id = "LunarLander-v3"
  static let discreteSpace = Space.discrete(Discrete(4))
  static let continuousSpace = Space.box(Box(low: -1, high: 1, shape: [2]))
  static let observationBox = Box(
    low: [-2.5, -2.5, -10, -10, Float(-2 * Double.pi), -10, -0, -0],
    high: [2.5, 2.5, 10, 10, Float(2 * Double.pi), 10, 1, 1])

  /// The environment id.
  public var name: String { Self.id }
  /// The observation box.
  public var observationSpace: Box { Self.observationBox }
  /// `Discrete(4)` or `Box(-1, 1, (2,))`.
  public var actionSpace: Space { configuration.continuous ? Self.continuousSpace : Self.discreteSpace }
  /// The environment's generator.
  public internal(set) var generator: NumPyGenerator?
  /// The constructor options.
  public let configuration: LunarLanderConfiguration

  var bodies: LunarLanderWorld?
  var gameOver = false
  var previousShaping: Double?
  var windIndex = 0
  var torqueIndex = 0

  /// Creates the environment.
  public init(configuration: LunarLanderConfiguration = LunarLanderConfiguration()) {
    self.configuration = configuration
  }

  /// Creates the environment from constructor options.
  /// - Throws: `EnvironmentError` for unknown or invalid options.
  public init(options: Options) throws(EnvironmentError) {
    self.init(configuration: try LunarLanderConfiguration(options: options))
  }

  /// Builds a new world and takes Gymnasium's initial no-op step.
  public mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    _ = try OptionReader(options, environment: name, known: [])
    let configuration = configuration
    var world = generator.drawing(seed: seed) { rng in
      LunarLanderWorld(gravity: configuration.gravity, generator: &rng)
    }
    if configuration.enableWind {
      (windIndex, torqueIndex) = generator.drawing(seed: nil) { rng in
        (Int(rng.integers(-9999, 9999)), Int(rng.integers(-9999, 9999)))
      }
    }
    world.addLegs()
    bodies = world
    gameOver = false
    previousShaping = nil
    let noop: Action = configuration.continuous ? .continuous([0, 0]) : .discrete(0)
    return Reset(observation: try step(noop).observation)
  }

  /// Fires the engines and advances the world by 1/50 s.
  public mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    try stepAllocatingObservation(action, count: 8)
  }
}
