import DecisionModels
import Foundation
import NeuralNetworks
import RLCore
import SpikingLayers
import TensorEngine

extension OnlineFineTuner {
  /// One fine-tuning progress report.
  public struct Progress: Sendable {
    /// Updates, environment steps and episodes done.
    public let update: Int, environmentSteps: Int, episodes: Int
    /// The last update's mean collection return and firing rate.
    public let collectionReturn: Double, firingRate: Double?
    /// Environment steps per second of the whole loop (collection + update).
    public let stepsPerSecond: Double
    /// The latest evaluation.
    public let lastEvaluation: EvaluationSummary?
  }

  /// Fine-tunes until the budget is spent (or `stopAt` updates, with a checkpoint), evaluating before the first
  /// update (a fresh run) and at the end.
  /// - Returns: the last checkpoint's directory.
  @discardableResult
  public func train(stopAt: Int? = nil, report: (Progress) -> Void = { _ in }) throws(TrainerError) -> String {
    let c = configuration
    if update == 0, firstEvaluation == nil { firstEvaluation = try evaluate() }
    let start = ContinuousClock.now
    let firstSteps = environmentSteps
    var directory = ""
    while !isDone, update < (stopAt ?? Int.max) {
      let (returns, rate) = try step()
      update += 1
      if c.evalEvery > 0, update % c.evalEvery == 0 { try evaluate() }
      if c.checkpointEvery > 0, update % c.checkpointEvery == 0 { directory = try save() }
      report(Progress(
        update: update, environmentSteps: environmentSteps, episodes: episodes, collectionReturn: returns, firingRate: rate,
        stepsPerSecond: Double(environmentSteps - firstSteps) / max(OfflineTrainer.seconds(since: start), 1e-9),
        lastEvaluation: lastEvaluation))
    }
    if isDone, c.evalEvery == 0 || update % c.evalEvery != 0 { try evaluate() }
    return directory.isEmpty || !isDone ? try save() : directory
  }

  /// One update: collect, compute advantages, `updateSteps` optimiser steps (each on its own draw of windows;
  /// after the first with PPO's ratio to the acting policy). Returns the mean collection return and the update
  /// forwards' firing rate.
  func step() throws(TrainerError) -> (Double, Double?) {
    let c = configuration
    let trajectories = try collect()
    let returns = trajectories.map { $0.rewards.reduce(0, +) }
    let meanReturn = returns.reduce(0, +) / Double(max(returns.count, 1))
    environmentSteps += trajectories.reduce(0) { $0 + $1.rewards.count }
    episodes += trajectories.count
    let all = steps(trajectories, selection: [])
    var advantagesEMA = ema
    let advantages = Advantages.compute(
      returns: all.discounted, features: all.features, baseline: c.baseline, normalize: c.normalizeAdvantages, ema: &advantagesEMA)
    ema = advantagesEMA
    let gradientSteps = c.updateSteps ?? 1
    // The acting policy (before this update's first optimiser step), for the ratios of the later steps.
    let acting = gradientSteps > 1 ? try runners() : []
    let actingLogStd = state.parameters[Self.logStdName]?.scalars ?? []
    let recorder = model.configuration.isSpiking ? SpikeRecorder() : nil
    var last = (loss: Float(0), norm: Float(0), diagnostics: PolicyGradientLoss.Diagnostics(), windows: 1)
    for draw in 0..<gradientSteps {
      let chosen = steps(trajectories, selection: selection(count: all.discounted.count, draw: draw))
      var weighted = chosen.samples
      for (i, step) in chosen.selected.enumerated() { weighted[i].advantage = advantages[step] }
      if c.anchorKL > 0 { try anchor(&weighted, contexts: chosen.contexts) }
      if gradientSteps > 1 {
        let outputs = Self.outputs(of: acting, contexts: chosen.contexts, pool: pool)
        for i in weighted.indices {
          weighted[i].behaviourLogProbability = PolicyGradientLoss.logProbability(
            weighted[i].action, output: outputs[i], discrete: metadata.actionCodec.discrete, logStd: actingLogStd)
        }
      }
      let (loss, norm, diagnostics) = try optimiserStep(batch(chosen.contexts), samples: weighted, recorder: recorder)
      last = (loss, norm, diagnostics, max(weighted.count, 1))
    }
    let n = Double(last.windows)
    log.append(OnlineRecord(
      update: update + 1, environmentSteps: environmentSteps, episodes: episodes, meanReturn: meanReturn,
      loss: Double(last.loss), entropy: last.diagnostics.entropy / n, kl: last.diagnostics.kl / n, gradientNorm: Double(last.norm),
      logStd: state.parameters[Self.logStdName].map { $0.scalars.map(Double.init) }, firingRate: recorder?.firingRate,
      firingRates: recorder.map { Dictionary($0.entries.map { ($0.layer, $0.firingRate) }, uniquingKeysWith: { $1 }) }))
    return (meanReturn, recorder?.firingRate)
  }

  /// One optimiser step on the policy-gradient objective of `samples` (one per window of `batch`), summed over
  /// chunks; returns the loss, the gradient norm before clipping and the diagnostics.
  func optimiserStep(
    _ batch: DecisionBatch, samples weighted: [PolicyGradientLoss.Sample], recorder: SpikeRecorder?
  ) throws(TrainerError) -> (Float, Float, PolicyGradientLoss.Diagnostics) {
    let c = configuration
    let codec = metadata.actionCodec
    let objective = PolicyGradientLoss(discrete: codec.discrete, entropy: c.entropy, anchorWeight: c.anchorKL, clip: c.clip ?? 0.2)
    var (loss, gradients) = (Float(0), [String: Tensor]())
    let diagnosticsBox = DiagnosticsBox()
    for chunkStart in stride(from: 0, to: batch.batchSize, by: c.chunk) {
      let range = chunkStart..<min(chunkStart + c.chunk, batch.batchSize)
      let part = batch.windows(range, stateDimension: model.configuration.stateDimension,
        actionDimension: model.configuration.actionDimension, discrete: model.configuration.discrete)
      let (partLoss, partGradients) = model.lossAndGradients(part, state: state, shards: c.shards, pool: pool, recorder: recorder) {
        predictions, shardRange, binding in
        var local = PolicyGradientLoss.Diagnostics()
        let logStd = codec.discrete ? nil : binding[Self.logStdName]
        let value = objective(predictions, logStd: logStd, samples: weighted[(range.lowerBound + shardRange.lowerBound)..<(range.lowerBound + shardRange.upperBound)],
          normalizer: Float(batch.batchSize), diagnostics: &local)
        diagnosticsBox.add(local)
        return value
      }
      loss += partLoss
      for (name, gradient) in partGradients {
        if var sum = gradients.removeValue(forKey: name) { sum.accumulate(gradient); gradients[name] = sum } else { gradients[name] = gradient }
      }
    }
    guard loss.isFinite else { throw .nonFinite(step: update + 1, batch: [], detail: "the policy-gradient loss is \(loss)") }
    let norm: Float
    do { norm = try GradientClipping.clip(&gradients, maxNorm: c.maxGradientNorm) } catch {
      throw .nonFinite(step: update + 1, batch: [], detail: error.description)
    }
    optimizer.update(&state.parameters, gradients: gradients)
    return (loss, norm, diagnosticsBox.total)
  }

  /// This update's episodes with the stochastic policy.
  func collect() throws(TrainerError) -> [EpisodeWave.Trajectory] {
    let c = configuration
    let codec = metadata.actionCodec
    let runners = try runners()
    let logStd = state.parameters[Self.logStdName]?.scalars ?? []
    let baseSeed = OfflineTrainer.mix(c.seed, update, 3)
    var generators = (0..<vector.count).map { NumPyGenerator(seed: OfflineTrainer.mix(c.seed, update, 4) &+ UInt64($0)) }
    var trajectories: [EpisodeWave.Trajectory] = []
    var first = 0
    while first < c.episodesPerUpdate {
      let count = min(vector.count, c.episodesPerUpdate - first)
      trajectories += try EpisodeWave(metadata: metadata).run(
        &vector, runners: runners, pool: pool, count: count, seed: baseSeed &+ UInt64(first),
        targetReturn: c.explorationTarget ?? target, record: true, recorder: nil
      ) { copy, output in Self.sample(output, codec: codec, logStd: logStd, generator: &generators[copy]) }
      first += count
    }
    return trajectories
  }

  /// A sampled action: categorical over the logits, or Gaussian around the mean in the model's range.
  static func sample(
    _ output: [Float], codec: ActionCodec, logStd: [Float], generator: inout NumPyGenerator
  ) -> (action: Action, token: [Float], sample: [Float]) {
    if codec.discrete {
      let logP = PolicyGradientLoss.logSoftmax(output)
      let u = generator.random()
      var cumulative = 0.0
      var index = output.count - 1
      for (i, value) in logP.enumerated() {
        cumulative += Foundation.exp(Double(value))
        if u < cumulative { index = i; break }
      }
      let action = Action.discrete(index + codec.start)
      return (action, codec.token(for: action), [Float(index)])
    }
    let drawn = output.enumerated().map { j, mean in mean + Foundation.exp(j < logStd.count ? logStd[j] : 0) * Float(generator.standardNormal()) }
    let action = codec.action(for: drawn)
    return (action, codec.token(for: action), drawn)
  }
}

/// Sums the shards' diagnostics (shards may run on several threads).
final class DiagnosticsBox: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var total = PolicyGradientLoss.Diagnostics()

  func add(_ part: PolicyGradientLoss.Diagnostics) {
    lock.lock()
    total.entropy += part.entropy
    total.kl += part.kl
    lock.unlock()
  }
}

extension Tensor {
  /// Adds `other` (same shape) in place.
  mutating func accumulate(_ other: Tensor) {
    for i in scalars.indices { scalars[i] += other.scalars[i] }
  }
}

/// A fine-tuning metrics line (one per update).
public struct OnlineRecord: Sendable, Codable, Equatable {
  /// `"online"`.
  public var kind = "online"
  /// The update number, environment steps and episodes so far.
  public let update: Int, environmentSteps: Int, episodes: Int
  /// The update's mean collection return (stochastic policy).
  public let meanReturn: Double
  /// The objective, the mean policy entropy and the mean KL to the offline policy.
  public let loss: Double, entropy: Double, kl: Double
  /// The gradient norm before clipping.
  public let gradientNorm: Double
  /// The Gaussian policy's log σ (continuous actions).
  public let logStd: [Double]?
  /// Spikes per neuron-step of the update's forwards, overall and per layer (spiking models).
  public let firingRate: Double?
  /// See `firingRate`.
  public let firingRates: [String: Double]?
}
