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

  /// Advances one timestep, writing the observation into `observation` instead of allocating.
  ///
  /// The same transition as `step(_:)`; vector environments and benchmarks use it. The default
  /// implementation calls `step(_:)` and copies.
  /// - Parameters:
  ///   - action: an element of `actionSpace`.
  ///   - observation: a buffer of exactly `observationSpace.count` elements.
  /// - Returns: reward and flags.
  /// - Throws: `EnvironmentError`, as `step(_:)`.
  mutating func step(_ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>)
    throws(EnvironmentError) -> Transition

  /// Advances one timestep with a continuous action given as raw values, writing the observation into
  /// `observation`: the same transition as `step(.continuous(Array(values)), writingObservationInto:)`
  /// without building an `Action` (no allocation, no reference counting), for hot loops.
  /// The default implementation builds the `Action` and calls `step(_:writingObservationInto:)`.
  /// - Parameters:
  ///   - values: the action's `actionSpace.count` values.
  ///   - observation: a buffer of exactly `observationSpace.count` elements.
  /// - Returns: reward and flags.
  /// - Throws: `EnvironmentError`, as `step(_:)` (a discrete environment: `.actionKindMismatch`).
  mutating func step(
    continuous values: UnsafeBufferPointer<Float>, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition

  /// Releases resources; idempotent. Later `step`/`reset` calls may throw `.closed`.
  mutating func close()

  /// A picture of the current state for renderers, nil if the environment cannot draw itself.
  var scene: Scene? { get }

  /// The internal state (environment-specific layout, Float64), if exposed.
  var state: [Double] { get }

  /// Replaces the internal state exactly (no generator draws), as the conformance replays need.
  /// - Parameter state: the new state, in the environment's layout.
  /// - Throws: `EnvironmentError.invalidState` or `.stateAccessUnsupported`.
  mutating func setState(_ state: [Double]) throws(EnvironmentError)
}

extension Environment {
  /// Calls `step(_:)` and copies its observation into the buffer.
  public mutating func step(
    _ action: Action, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    let result = try step(action)
    precondition(result.observation.count == observation.count, "observation buffer size mismatch")
    for index in observation.indices { observation[index] = result.observation[index] }
    return Transition(
      reward: result.reward, terminated: result.terminated, truncated: result.truncated,
      episode: result.info.episode)
  }

  /// Builds `.continuous(Array(values))` and calls `step(_:writingObservationInto:)`.
  public mutating func step(
    continuous values: UnsafeBufferPointer<Float>, writingObservationInto observation: UnsafeMutableBufferPointer<Float>
  ) throws(EnvironmentError) -> Transition {
    try step(.continuous(Array(values)), writingObservationInto: observation)
  }

  /// A `Step` built by running `step(_:writingObservationInto:)` into a fresh array.
  ///
  /// For conformers whose native step is the allocation-free one: their `step(_:)` is this call.
  /// - Parameters:
  ///   - action: the action.
  ///   - count: the observation length.
  /// - Returns: the step.
  /// - Throws: what the allocation-free step throws.
  @inlinable
  public mutating func stepAllocatingObservation(_ action: Action, count: Int) throws(EnvironmentError) -> Step {
    var transition = Transition(reward: 0, terminated: false)
    var failure: EnvironmentError?
    let observation = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      buffer.initialize(repeating: 0)
      initialized = count
      do throws(EnvironmentError) {
        transition = try step(action, writingObservationInto: buffer)
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    return Step(
      observation: observation, reward: transition.reward, terminated: transition.terminated,
      truncated: transition.truncated, info: StepInfo(episode: transition.episode))
  }

  /// `close()` does nothing by default.
  public mutating func close() {}

  /// No picture by default.
  public var scene: Scene? { nil }

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
