public import DecisionModels
import Foundation
public import Parallelism
public import RLCore
public import SpikingLayers

/// Seeded return-conditioned evaluation episodes (Decision Transformer protocol, MODELS.md §1.11).
///
/// Episode `e` starts from `reset(seed: seed + e)`; episodes run in waves across a vector environment
/// (one copy per episode of the wave), the actions of a wave's copies computed in parallel with one
/// tape-free runner per thread. Per step the context holds the normalised states, the action tokens, the
/// returns-to-go (`target/scale`, then decremented by `reward/scale` after every step) and the absolute
/// timesteps; the model sees the last K steps. Discrete actions are the argmax of the logits; continuous ones
/// the tanh outputs mapped to the action box.
public struct Evaluator: Sendable {
  /// The environment.
  public let spec: EnvironmentSpec
  /// Constructor options.
  public let options: Options
  /// The checkpoint's normalisation, codec and scales.
  public let metadata: CheckpointMetadata

  /// Creates an evaluator.
  public init(spec: EnvironmentSpec, options: Options = [:], metadata: CheckpointMetadata) {
    self.spec = spec
    self.options = options
    self.metadata = metadata
  }

  /// Runs `episodes` episodes conditioned on `targetReturn`.
  /// - Parameters:
  ///   - runners: one runner per thread (`threads = runners.count`); `pool` runs them.
  ///   - seed: the first episode's seed.
  ///   - recorder: receives every spiking layer's spikes, or nil.
  ///   - clipReturnsToGo: hold the returns-to-go the model sees inside the training data's range (the
  ///     checkpoint's `returnToGoRange`): once an episode outlasts its target, a −1-per-step task's return-to-go
  ///     would otherwise rise above any value the model was trained on. Not the DT protocol (default off).
  /// - Throws: `TrainerError.environment` / `.registry`; `.invalidConfiguration` when clipping is asked of a
  ///   checkpoint without a recorded range.
  public func evaluate(
    runners: [any ActionRunner], pool: WorkerPool?, targetReturn: Double, episodes: Int, seed: UInt64,
    recorder: SpikeRecorder? = nil, clipReturnsToGo: Bool = false
  ) throws(TrainerError) -> EvaluationSummary {
    precondition(!runners.isEmpty && episodes > 0, "an evaluation needs a runner and at least one episode")
    var clip: ClosedRange<Float>?
    if clipReturnsToGo {
      guard let range = metadata.returnToGoRange, range.count == 2, range[0] <= range[1] else {
        throw .invalidConfiguration(field: "return_to_go_range",
          reason: "the checkpoint records no return-to-go range (it was written before the range was recorded): evaluate it without clipping, or train it again")
      }
      clip = Float(range[0] / metadata.returnScale)...Float(range[1] / metadata.returnScale)
    }
    var results: [EpisodeResult] = []
    let wave = min(episodes, max(8, 4 * runners.count))
    var vector: VectorEnvironment
    do { vector = try VectorEnvironment(spec: spec, options: options, count: wave) } catch { throw .registry(error) }
    var first = 0
    while first < episodes {
      let count = min(wave, episodes - first)
      results += try runWave(&vector, runners: runners, pool: pool, count: count, seed: seed &+ UInt64(first),
        targetReturn: targetReturn, recorder: recorder, clip: clip)
      first += count
    }
    return EvaluationSummary(results: results, targetReturn: targetReturn, metadata: metadata, rewardThreshold: spec.rewardThreshold,
      clippedReturnsToGo: clip == nil ? nil : metadata.returnToGoRange)
  }

  /// One wave of deterministic episodes (argmax or the mean action).
  func runWave(
    _ vector: inout VectorEnvironment, runners: [any ActionRunner], pool: WorkerPool?, count: Int, seed: UInt64,
    targetReturn: Double, recorder: SpikeRecorder?, clip: ClosedRange<Float>? = nil
  ) throws(TrainerError) -> [EpisodeResult] {
    let codec = metadata.actionCodec
    let trajectories = try EpisodeWave(metadata: metadata, clip: clip).run(
      &vector, runners: runners, pool: pool, count: count, seed: seed, targetReturn: targetReturn, record: false,
      recorder: recorder
    ) { _, output in
      let action = codec.action(for: output)
      return (action, codec.token(for: action), [])
    }
    return trajectories.map {
      EpisodeResult(seed: $0.seed, totalReward: $0.rewards.reduce(0, +), length: $0.rewards.count, terminated: $0.terminated)
    }
  }
}

extension DecisionContext {
  /// Drops the oldest steps beyond `count` (the model reads only the last K).
  mutating func keepLast(_ count: Int) {
    guard self.count > count else { return }
    let drop = self.count - count
    let stateWidth = states.count / self.count
    let actionWidth = actions.count / self.count
    states.removeFirst(drop * stateWidth)
    actions.removeFirst(drop * actionWidth)
    returnsToGo.removeFirst(drop)
    timesteps.removeFirst(drop)
  }

  /// Replaces the last step's action token (the placeholder, once the action is known).
  mutating func replaceLastAction(_ token: [Float]) {
    guard count > 0 else { return }
    actions.replaceSubrange((actions.count - token.count)..<actions.count, with: token)
  }
}

/// One evaluation episode.
public struct EpisodeResult: Sendable, Equatable, Codable {
  /// The reset seed.
  public let seed: UInt64
  /// The undiscounted return.
  public let totalReward: Double
  /// Steps.
  public let length: Int
  /// Whether it ended by termination (not by the time limit).
  public let terminated: Bool
}

/// The statistics of an evaluation.
public struct EvaluationSummary: Sendable, Equatable, Codable {
  /// The conditioning return (raw).
  public let targetReturn: Double
  /// Episodes.
  public let episodes: Int
  /// Mean, population standard deviation, minimum and maximum return.
  public let mean: Double, std: Double, min: Double, max: Double
  /// Standard error of the mean.
  public let standardError: Double
  /// Mean episode length.
  public let meanLength: Double
  /// The share of episodes whose return reached the environment's reward threshold (nil without one).
  public let successRate: Double?
  /// The normalised score of the mean return: 100·(mean − random)/(expert − random) (D4RL's formula).
  public let normalizedScore: Double
  /// The episodes.
  public let results: [EpisodeResult]
  /// The raw return-to-go range the conditioning was held inside, or nil (the DT protocol: not clipped).
  public let clippedReturnsToGo: [Double]?

  init(
    results: [EpisodeResult], targetReturn: Double, metadata: CheckpointMetadata, rewardThreshold: Double?,
    clippedReturnsToGo: [Double]? = nil
  ) {
    self.results = results
    self.clippedReturnsToGo = clippedReturnsToGo
    self.targetReturn = targetReturn
    episodes = results.count
    let returns = results.map(\.totalReward)
    let n = Double(Swift.max(returns.count, 1))
    let average = returns.reduce(0, +) / n
    mean = average
    std = (returns.map { ($0 - average) * ($0 - average) }.reduce(0, +) / n).squareRoot()
    min = returns.min() ?? 0
    max = returns.max() ?? 0
    standardError = (returns.map { ($0 - average) * ($0 - average) }.reduce(0, +) / n).squareRoot() / n.squareRoot()
    meanLength = Double(results.map(\.length).reduce(0, +)) / n
    successRate = rewardThreshold.map { threshold in Double(returns.filter { $0 >= threshold }.count) / n }
    let span = metadata.expertReturn - metadata.randomReturn
    normalizedScore = span != 0 ? 100 * (average - metadata.randomReturn) / span : .nan
  }
}
