import DecisionModels
import Foundation
import NeuralNetworks
import RLCore
import SpikingLayers
import Trajectories

extension OfflineTrainer {
  /// Trains to `configuration.steps` (or stops after `stopAt` steps with a checkpoint, as a killed run would
  /// have one), logging, evaluating and checkpointing on the way.
  /// - Parameters:
  ///   - stopAt: stop (and save) once this many steps are done, before the configured end.
  ///   - report: called after every step.
  /// - Returns: the last checkpoint's directory.
  /// - Throws: `TrainerError.nonFinite` (training stops; the last checkpoint stays whole), `.io`, `.environment`.
  @discardableResult
  public func train(stopAt: Int? = nil, report: (Progress) -> Void = { _ in }) throws(TrainerError) -> String {
    let c = configuration
    let start = ContinuousClock.now
    let firstStep = step
    var interval = Interval()
    var finalDirectory = ""
    var (lastLoss, lastRate) = (Double.nan, Double?.none)
    while step < min(c.steps, stopAt ?? c.steps) {
      var generator = NumPyGenerator(seed: Self.mix(c.seed, step, 1))
      let windows = data.sampler.sample(batchSize: c.batchSize, generator: &generator)
      let batch = DecisionBatch(windows, discrete: data.codec.discrete, actionCount: data.codec.count)
      let rate = c.learningRate * c.schedule.factor(step: optimizer.step)
      let recorder = configuration.model.isSpiking ? interval.recorder : nil
      let stepStart = ContinuousClock.now
      do {
        let result = try model.trainingStep(
          batch, state: &state, optimizer: &optimizer, schedule: c.schedule, maxGradientNorm: c.maxGradientNorm,
          dropoutSeed: Self.mix(c.seed, step, 2), shards: c.shards, pool: pool, recorder: recorder, exchange: exchange)
        interval.add(loss: result.loss, gradientNorm: result.gradientNorm, seconds: Self.seconds(since: stepStart))
        lastLoss = Double(result.loss)
      } catch {
        if case .exchange(let reason) = error { throw .distributed(step: step + 1, reason: reason) }
        throw .nonFinite(step: step + 1, batch: windows.origins, detail: error.description)
      }
      step += 1
      if step % c.logEvery == 0 || step == c.steps {
        let record = interval.record(step: step, learningRate: rate, batch: batch, model: model, state: state)
        log.append(record)
        lastRate = record.firingRate
        interval = Interval()
      }
      // Distributed: rank 0 evaluates and writes; the others go on to the next step's exchange and wait there.
      if writes, (c.evalEvery > 0 && step % c.evalEvery == 0) || step == c.steps { try evaluate() }
      if writes, (c.checkpointEvery > 0 && step % c.checkpointEvery == 0) || step == c.steps { finalDirectory = try save() }
      let elapsed = Self.seconds(since: start)
      report(Progress(
        step: step, steps: c.steps, loss: lastLoss, firingRate: lastRate,
        stepsPerSecond: Double(step - firstStep) / max(elapsed, 1e-9), lastEvaluation: lastEvaluation))
    }
    guard writes else { return run }
    return finalDirectory.isEmpty || step < c.steps ? try save() : finalDirectory
  }

  /// Evaluates the current state at every target and logs it.
  func evaluate() throws(TrainerError) {
    let evaluator = Evaluator(spec: spec, metadata: metadata)
    var runners: [any ActionRunner] = []
    for _ in 0..<configuration.threads {
      do { runners.append(try model.runner(state: state)) } catch { throw .model(error) }
    }
    for target in targets {
      let summary = try evaluator.evaluate(
        runners: runners, pool: pool, targetReturn: target, episodes: configuration.evalEpisodes, seed: configuration.evalSeed)
      lastEvaluation = summary
      log.append(EvaluationRecord(
        step: step, targetReturn: target, mean: summary.mean, std: summary.std, min: summary.min, max: summary.max,
        normalizedScore: summary.normalizedScore, successRate: summary.successRate, episodes: summary.episodes))
    }
  }

  /// Writes a checkpoint of the current step.
  func save() throws(TrainerError) -> String {
    var progress = TrainerProgress(step: step, seed: configuration.seed, schedule: configuration.schedule)
    for name in state.buffers.counterNames where name.hasSuffix(".iter") { progress.progressiveCounters[name] = state.buffers[counter: name] }
    let checkpoint = Checkpoint(metadata: metadata, state: state, optimizer: optimizer, progress: progress)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    let config: Data
    do { config = try encoder.encode(configuration) } catch { throw .io(path: run, reason: "cannot encode the configuration: \(error)") }
    try? config.write(to: URL(fileURLWithPath: (run as NSString).appendingPathComponent("config.json")), options: .atomic)
    return try CheckpointStore.write(checkpoint, run: run, configuration: config, metrics: log.data, keep: configuration.keepCheckpoints)
  }

  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }
}

/// The running totals of one logging interval.
struct Interval {
  var losses: [Double] = [], norms: [Double] = [], seconds = 0.0
  let recorder = SpikeRecorder()

  mutating func add(loss: Float, gradientNorm: Float, seconds: Double) {
    losses.append(Double(loss))
    norms.append(Double(gradientNorm))
    self.seconds += seconds
  }

  /// The record, with accuracy or MSE on `batch` (evaluation mode).
  func record(step: Int, learningRate: Float, batch: DecisionBatch, model: TrainableModel, state: ModelState) -> TrainingRecord {
    let predictions = model.predictions(batch, state: state).scalars
    let width = model.configuration.actionDimension
    var (agree, squared, real) = (0.0, 0.0, 0.0)
    for slot in 0..<(batch.batchSize * batch.contextLength) where batch.mask[slot] != 0 {
      real += 1
      let row = predictions[(slot * width)..<((slot + 1) * width)]
      if model.configuration.discrete {
        let predicted = row.indices.max { row[$0] < row[$1] }.map { $0 - slot * width } ?? 0
        agree += predicted == Int(batch.actionTargets[slot]) ? 1 : 0
      } else {
        for (i, value) in row.enumerated() {
          let d = Double(value - batch.actionTargets[slot * width + i])
          squared += d * d / Double(width)
        }
      }
    }
    let entries = recorder.entries
    let rates = entries.isEmpty ? nil : Dictionary(entries.map { ($0.layer, $0.firingRate) }, uniquingKeysWith: { $1 })
    let firingRate: Double? = entries.isEmpty ? nil : recorder.firingRate
    let n = Double(max(losses.count, 1))
    return TrainingRecord(
      step: step, loss: losses.reduce(0, +) / n, accuracy: model.configuration.discrete ? agree / max(real, 1) : nil,
      mse: model.configuration.discrete ? nil : squared / max(real, 1), learningRate: Double(learningRate),
      gradientNorm: norms.reduce(0, +) / n, firingRate: firingRate, firingRates: rates, secondsPerStep: seconds / n)
  }
}
