/// A Gymnasium-style environment: `reset` to start an episode, `step` to advance it.
///
/// The contract (Gymnasium 1.x, checked for every registered environment by
/// `RLTestSupport.EnvironmentChecker`):
/// - `reset(seed: s)` replaces the environment's generator with `NumPyGenerator(seed: s)` and draws
///   the initial state; `reset(seed: nil)` keeps the generator, so a seeded reset followed by unseeded
///   ones reproduces Gymnasium's sequence bit for bit.
/// - Observations are Float32 vectors inside `observationSpace`; rewards are Float64.
/// - The environment itself never truncates: time limits are the `TimeLimit` wrapper's job.
/// - Invalid actions throw `EnvironmentError` instead of trapping.
///
/// ```swift
/// @Test(arguments: StandardRegistry.make().specs)
/// func conforms(spec: EnvironmentSpec) throws {
///   let report = try EnvironmentChecker().check(spec)
///   #expect(report.failures.isEmpty)
/// }
/// ```
public protocol Environment: Sendable {
  /// The environment's id, e.g. `CartPole-v1`, used in errors and reports.
  var name: String { get }
  /// The space observations lie in.
  var observationSpace: Box { get }
  /// The space actions are taken from.
  var actionSpace: Space { get }
  /// The environment's generator (nil before the first reset); lets checkers compare RNG states.
  var generator: NumPyGenerator? { get }

  /// Starts a new episode.
  /// - Parameters:
  ///   - seed: reseeds the generator when non-nil; nil continues the current stream.
  ///   - options: environment-specific reset options (e.g. `low`/`high` for CartPole).
  /// - Returns: the initial observation and info.
  /// - Throws: `EnvironmentError.unknownOption`/`.invalidOption` for bad options, `.closed` after `close()`.
  mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset

  /// Advances the environment by one timestep.
  /// - Parameter action: an element of `actionSpace` (continuous values outside the box are clipped
  ///   the way Gymnasium clips them).
  /// - Returns: observation, reward, termination and truncation flags, info.
  /// - Throws: `EnvironmentError` for an invalid action, or when `reset` is needed.
  mutating func step(_ action: Action) throws(EnvironmentError) -> Step

  /// Releases resources; idempotent. Later `step`/`reset` calls may throw `.closed`.
  mutating func close()

  /// The internal state (environment-specific layout, Float64), if exposed.
  var state: [Double] { get }

  /// Replaces the internal state exactly (no generator draws), as the conformance replays need.
  /// - Parameter state: the new state, in the environment's layout.
  /// - Throws: `EnvironmentError.invalidState` or `.stateAccessUnsupported`.
  mutating func setState(_ state: [Double]) throws(EnvironmentError)
}

extension Environment {
  /// `close()` does nothing by default.
  public mutating func close() {}

  /// No internal state is exposed by default.
  public var state: [Double] { [] }

  /// Setting the state is unsupported by default.
  /// - Throws: `EnvironmentError.stateAccessUnsupported`.
  public mutating func setState(_ state: [Double]) throws(EnvironmentError) {
    throw .stateAccessUnsupported(environment: name)
  }

  /// Starts a new episode without options.
  /// - Parameter seed: reseeds the generator when non-nil.
  /// - Returns: the initial observation and info.
  /// - Throws: `EnvironmentError`.
  public mutating func reset(seed: UInt64? = nil) throws(EnvironmentError) -> Reset {
    try reset(seed: seed, options: [:])
  }
}
