import Foundation
public import Parallelism
public import RLCore
public import Trajectories

/// Augmented Random Search (ARS V2-t; Mania, Guy & Recht, "Simple random search provides a competitive approach
/// to reinforcement learning", NeurIPS 2018): a linear policy on normalised observations improved by finite
/// differences along random directions.
///
/// Each iteration draws N directions `δ_k ~ N(0, I)` (the shape of M), runs one episode with `M + ν·δ_k` and one
/// with `M − ν·δ_k` (rewards minus `shift` per step, the survival bonus ARS removes), keeps the b directions with
/// the largest `max(r⁺, r⁻)`, and steps `M ← M + α/(b·σ_R) · Σ_top (r⁺_k − r⁻_k)·δ_k` (σ_R the standard deviation of
/// the 2b kept returns). The observation statistics (μ, σ) are those of every state visited before the iteration.
///
/// Reproducible: the directions come from the generator seeded with `mix(seed, iteration)`, episode k± resets with
/// `mix(seed, iteration, k±)`, and the episodes' statistics merge in episode order, so results do not depend on the
/// thread count, and a resumed run continues bit for bit.
public struct AugmentedRandomSearch: Sendable {
  /// The search's settings.
  public struct Configuration: Sendable, Codable, Equatable {
    /// Step size α, exploration noise ν, directions N, kept directions b, per-step reward shift.
    public var stepSize: Double, noise: Double, directions: Int, top: Int, shift: Double
    /// The master seed.
    public var seed: UInt64

    /// Settings; `top` is clamped to `1...directions` by `validated()`.
    public init(stepSize: Double, noise: Double, directions: Int, top: Int, shift: Double, seed: UInt64 = 0) {
      (self.stepSize, self.noise, self.directions, self.top, self.shift, self.seed) = (stepSize, noise, directions, top, shift, seed)
    }

    /// The ARS paper's V2-t settings for Gymnasium's locomotion tasks (Table 9), or a generic default.
    public static func paper(for environment: String, seed: UInt64 = 0) -> Configuration {
      switch environment.split(separator: "-").first.map(String.init) ?? environment {
      case "Hopper": Configuration(stepSize: 0.01, noise: 0.025, directions: 8, top: 4, shift: 1, seed: seed)
      case "HalfCheetah": Configuration(stepSize: 0.02, noise: 0.03, directions: 32, top: 4, shift: 0, seed: seed)
      case "Walker2d": Configuration(stepSize: 0.025, noise: 0.01, directions: 40, top: 30, shift: 1, seed: seed)
      default: Configuration(stepSize: 0.02, noise: 0.03, directions: 16, top: 8, shift: 0, seed: seed)
      }
    }
  }

  /// The search's state: everything a resumed run needs.
  public struct State: Sendable, Codable, Equatable {
    /// The current policy (weights and the observation statistics it acts with).
    public var policy: LinearPolicy
    /// Statistics of every state visited so far.
    public var statistics: RunningStatistics
    /// Iterations done and environment steps taken.
    public var iteration = 0, environmentSteps = 0
  }

  /// One iteration's report.
  public struct IterationReport: Sendable {
    /// The mean unshifted return of the 2N perturbed episodes, and their steps.
    public let meanReturn: Double, steps: Int
    /// The episodes themselves in order (k+, k−, ...), when recorded.
    public let episodes: [Episode]
  }

  /// The settings.
  public let configuration: Configuration
  /// The environment.
  public let spec: EnvironmentSpec
  private let registry: EnvironmentRegistry

  /// A search on `spec` (continuous actions only).
  /// - Throws: `CollectionError` when the environment cannot be made or has discrete actions.
  public init(configuration: Configuration, spec: EnvironmentSpec, registry: EnvironmentRegistry) throws(CollectionError) {
    self.configuration = configuration
    self.spec = spec
    self.registry = registry
    _ = try initialState()
  }

  /// The starting state: a zero policy, empty statistics.
  /// - Throws: `CollectionError` when the environment cannot be made or has discrete actions.
  public func initialState() throws(CollectionError) -> State {
    let environment: any Environment
    do { environment = try registry.make(spec.id) } catch { throw .registry(error) }
    guard case .box(let box) = environment.actionSpace else {
      throw .environment(.actionKindMismatch(environment: spec.id, expected: "continuous", received: "discrete"))
    }
    let n = environment.observationSpace.count
    return State(policy: LinearPolicy(observations: n, low: box.low, high: box.high), statistics: RunningStatistics(dimension: n))
  }

  /// One iteration: 2N perturbed episodes (across the pool's threads), the update, the statistics.
  /// - Parameter record: keep the episodes (observations, actions, rewards) in the report.
  /// - Throws: `CollectionError` from the environment.
  public func iterate(_ state: inout State, pool: WorkerPool?, record: Bool = false) throws(CollectionError) -> IterationReport {
    let c = configuration
    let count = state.policy.weights.count
    var generator = NumPyGenerator(seed: Self.mix(c.seed, UInt64(state.iteration), 1))
    let deltas = (0..<c.directions).map { _ in (0..<count).map { _ in generator.zigguratNormal() } }
    let (policy, iteration) = (state.policy, UInt64(state.iteration))
    let episodes = try run(2 * c.directions, pool: pool) { index, environment throws(EnvironmentError) in
      let sign = index % 2 == 0 ? 1.0 : -1.0
      let weights = zip(policy.weights, deltas[index / 2]).map { $0 + sign * c.noise * $1 }
      return try Self.episode(&environment, policy: policy, weights: weights, shift: c.shift,
        seed: Self.mix(c.seed, iteration, 2 + UInt64(index)), record: record)
    }
    let plus = stride(from: 0, to: episodes.count, by: 2).map { episodes[$0].shifted }
    let minus = stride(from: 1, to: episodes.count, by: 2).map { episodes[$0].shifted }
    let top = (0..<c.directions).sorted { (max(plus[$0], minus[$0]), $1) > (max(plus[$1], minus[$1]), $0) }
      .prefix(min(max(c.top, 1), c.directions))
    let kept = top.flatMap { [plus[$0], minus[$0]] }
    let mean = kept.reduce(0, +) / Double(kept.count)
    let spread = (kept.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(kept.count)).squareRoot()
    let scale = c.stepSize / (Double(top.count) * (spread > 0 ? spread : 1))
    for k in top {
      let weight = scale * (plus[k] - minus[k])
      for i in 0..<count { state.policy.weights[i] += weight * deltas[k][i] }
    }
    for episode in episodes { state.statistics.merge(episode.statistics) }
    state.policy.mean = state.statistics.mean
    state.policy.standardDeviation = state.statistics.standardDeviation
    state.iteration += 1
    let steps = episodes.reduce(0) { $0 + $1.steps }
    state.environmentSteps += steps
    return IterationReport(
      meanReturn: episodes.reduce(0) { $0 + $1.total } / Double(episodes.count), steps: steps, episodes: episodes.compactMap(\.recorded))
  }

  /// The unperturbed policy's returns on `episodes` seeded episodes (seeds `seed + i`), in order.
  /// - Throws: `CollectionError` from the environment.
  public func evaluate(_ policy: LinearPolicy, episodes: Int, seed: UInt64, pool: WorkerPool?) throws(CollectionError) -> [Double] {
    try run(episodes, pool: pool) { index, environment throws(EnvironmentError) in
      try Self.episode(&environment, policy: policy, weights: policy.weights, shift: 0, seed: seed &+ UInt64(index))
    }.map(\.total)
  }

  /// One episode's outcome.
  struct EpisodeOutcome: Sendable {
    var total = 0.0, shifted = 0.0, steps = 0
    var statistics: RunningStatistics
    var recorded: Episode?
  }

  /// One episode acting with `weights` and the policy's frozen statistics.
  static func episode(
    _ environment: inout any Environment, policy: LinearPolicy, weights: [Double], shift: Double, seed: UInt64,
    record: Bool = false
  ) throws(EnvironmentError) -> EpisodeOutcome {
    var observation = try environment.reset(seed: seed).observation
    var outcome = EpisodeOutcome(statistics: RunningStatistics(dimension: observation.count))
    var trace = Episode(observations: [], actions: [], rewards: [], terminated: false, truncated: false)
    while true {
      outcome.statistics.add(observation)
      let action = policy.act(observation, weights: weights)
      let step = try environment.step(.continuous(action))
      if record {
        trace.observations.append(observation)
        trace.actions.append(action)
        trace.rewards.append(step.reward)
      }
      outcome.total += step.reward
      outcome.shifted += step.reward - shift
      outcome.steps += 1
      observation = step.observation
      if step.isDone {
        if record {
          (trace.terminated, trace.truncated, trace.finalObservation) = (step.terminated, step.truncated, observation)
          outcome.recorded = trace
        }
        return outcome
      }
    }
  }

  /// `count` jobs spread over the pool's threads (each with its own environment), results in job order.
  private func run(
    _ count: Int, pool: WorkerPool?,
    _ job: @escaping (Int, inout any Environment) throws(EnvironmentError) -> EpisodeOutcome
  ) throws(CollectionError) -> [EpisodeOutcome] {
    let threads = pool?.threads ?? 1
    let box = OutcomeBox(count: count)
    // One slot object per thread: each thread mutates only its own (never a shared array's element).
    var slots: [EnvironmentSlot] = []
    for _ in 0..<threads {
      do { slots.append(EnvironmentSlot(try registry.make(spec.id))) } catch { throw .registry(error) }
    }
    let work: (Int) -> Void = { [slots] part in
      let slot = slots[part]
      for index in stride(from: part, to: count, by: threads) {
        do throws(EnvironmentError) { box.set(index, try job(index, &slot.environment)) } catch { box.fail(error) }
      }
    }
    if let pool { pool.run(work) } else { work(0) }
    if let error = box.error { throw .environment(error) }
    let outcomes = box.outcomes.compactMap { $0 }
    precondition(outcomes.count == count, "every job stores an outcome or an error")
    return outcomes
  }

  /// A stream seed from the master seed and up to two counters (SplitMix64 finaliser).
  static func mix(_ seed: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (a &+ 1) &+ 0xBF58_476D_1CE4_E5B9 &* (b &+ 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return (z ^ (z >> 31)) >> 1
  }
}

/// Per-job results written from several threads (disjoint indices).
private final class OutcomeBox: @unchecked Sendable {
  var outcomes: [AugmentedRandomSearch.EpisodeOutcome?]
  private(set) var error: EnvironmentError?
  private let lock = NSLock()

  init(count: Int) { outcomes = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ outcome: AugmentedRandomSearch.EpisodeOutcome) {
    lock.lock()
    outcomes[index] = outcome
    lock.unlock()
  }

  func fail(_ failure: EnvironmentError) {
    lock.lock()
    if error == nil { error = failure }
    lock.unlock()
  }
}

/// One thread's environment.
private final class EnvironmentSlot: @unchecked Sendable {
  var environment: any Environment
  init(_ environment: any Environment) { self.environment = environment }
}
