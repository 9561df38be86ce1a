import DecisionModels
import Foundation
import NeuralNetworks
import Parallelism
import SpikingLayers
import TensorEngine

extension BenchSDT {
  /// A benchmark batch: 64 full windows of random states, actions and returns-to-go.
  static func batch(stateDimension: Int, actionDimension: Int, discrete: Bool, contextLength k: Int, seed: UInt64) -> DecisionBatch {
    var generator = NormalGenerator(seed: seed)
    var c = DecisionTransformerConfiguration(stateDimension: stateDimension, actionDimension: actionDimension, discrete: discrete)
    c.contextLength = k
    return BenchDT.randomBatch(c, batch: 64, generator: &generator)
  }

  /// A full K-step history for the latency measurement.
  static func history(stateDimension: Int, actionDimension: Int, contextLength: Int) -> DecisionContext {
    var generator = NormalGenerator(seed: 7)
    var history = DecisionContext()
    for t in 0..<contextLength {
      history.append(
        state: generator.normals(stateDimension, std: 1), action: generator.normals(actionDimension, std: 0.5),
        returnToGo: Float(contextLength - t) / 10, timestep: t)
    }
    return history
  }

  /// Scales every entry of the parameters named `…suffix` by `1 − 0.01·u` (u uniform in [0, 1), seed 3).
  static func moveOffOnes(_ parameters: inout ParameterStore, suffix: String) {
    var generator = NormalGenerator(seed: 3)
    for name in parameters.names where name.hasSuffix(suffix) {
      parameters.modify(name) { tensor in tensor = tensor.mapped { $0 * Float(1 - 0.01 * generator.uniform()) } }
    }
  }

  static func measure(
    _ cell: BenchSDTCell, layers: Int, threads: Int, runnerThreads: Int, shards: Int, steps: Int, calls: Int,
    movedPositions: Bool = false
  ) throws -> SDTBenchResult {
    let (state, action, discrete) = cell.dims == "cartpole" ? (4, 2, true) : (11, 3, false)
    let pool = threads > 1 ? WorkerPool(threads: threads) : nil
    let previousThreads = BLASInfo.threads
    BLASInfo.setThreads(1)
    defer { BLASInfo.setThreads(previousThreads) }
    let batch = batch(stateDimension: state, actionDimension: action, discrete: discrete, contextLength: 20, seed: 1)
    let history = history(stateDimension: state, actionDimension: action, contextLength: 20)
    var trainTimes: [Double] = []
    let recorder = SpikeRecorder()
    let trainingRecorder = SpikeRecorder()
    let runnerRecorder = SpikeRecorder()
    var runnerCall: () -> Void = {}
    var tapeCall: () -> Void = {}
    var eventFraction = 0.0
    if cell.model == "dsformer" {
      var c = SpikingDecisionTransformerConfiguration(stateDimension: state, actionDimension: action, discrete: discrete)
      (c.hiddenSize, c.layers, c.timeSteps) = (cell.hidden, layers, cell.timeSteps)
      c.attention = cell.attention ?? .pssa
      c.normalization = cell.norm ?? .ptbn
      let model = SpikingDecisionTransformer(configuration: c)
      var (parameters, buffers) = model.initialState(seed: 0)
      if movedPositions { moveOffOnes(&parameters, suffix: ".attn.pos_bias") }
      var optimizer = AdamW()
      for index in 0..<(steps + 2) {
        let start = ContinuousClock.now
        _ = try model.trainingStep(
          batch, parameters: &parameters, buffers: &buffers, optimizer: &optimizer, schedule: .linearWarmup(steps: 10_000),
          shards: shards, pool: pool, recorder: index == 0 ? trainingRecorder : nil)
        if index >= 2 { trainTimes.append(BenchDT.seconds(start)) }
      }
      _ = model.action(context: history, parameters: parameters, buffers: buffers, recorder: recorder)
      let runner = try SpikingDecisionTransformerRunner(model: model, parameters: parameters, buffers: buffers, threads: runnerThreads)
      runnerCall = { _ = runner.action(context: history) }
      tapeCall = { _ = model.action(context: history, parameters: parameters, buffers: buffers) }
      _ = runner.action(context: history, recorder: runnerRecorder)
      eventFraction = runner.eventDrivenFraction
    } else {
      var c = SNNDecisionTransformerConfiguration(stateDimension: state, actionDimension: action, discrete: discrete)
      (c.hiddenSize, c.innerSize, c.layers, c.timeSteps) = (cell.hidden, 4 * cell.hidden, layers, cell.timeSteps)
      let model = SNNDecisionTransformer(configuration: c)
      var parameters = model.initialParameters(seed: 0)
      var optimizer = AdamW()
      var context = ForwardContext(dropout: c.dropout, seed: 2)
      for index in 0..<(steps + 2) {
        let start = ContinuousClock.now
        _ = try model.trainingStep(
          batch, parameters: &parameters, optimizer: &optimizer, schedule: .linearWarmup(steps: 10_000), context: &context,
          shards: shards, pool: pool, recorder: index == 0 ? trainingRecorder : nil)
        if index >= 2 { trainTimes.append(BenchDT.seconds(start)) }
      }
      _ = model.action(context: history, parameters: parameters, recorder: recorder)
      let runner = try SNNDecisionTransformerRunner(model: model, parameters: parameters, threads: runnerThreads)
      runnerCall = { _ = runner.action(context: history) }
      tapeCall = { _ = model.action(context: history, parameters: parameters) }
    }
    let latencies = BenchDT.sortedLatencies(calls: calls, runnerCall)
    let tape = BenchDT.sortedLatencies(calls: max(calls / 10, 3), tapeCall)
    trainTimes.sort()
    return SDTBenchResult(
      model: cell.model, dims: cell.dims, attention: cell.attention?.rawValue, norm: cell.norm?.rawValue, hidden: cell.hidden,
      layers: layers, timeSteps: cell.timeSteps, trainStepMilliseconds: trainTimes[trainTimes.count / 2] * 1e3,
      actionMedianMilliseconds: latencies[latencies.count / 2] * 1e3,
      actionP99Milliseconds: latencies[min(latencies.count - 1, latencies.count * 99 / 100)] * 1e3,
      tapeActionMedianMilliseconds: tape[tape.count / 2] * 1e3, spikesPerForward: Double(recorder.totalSpikes),
      neuronStepsPerForward: recorder.totalElements, firingRate: recorder.firingRate,
      trainingFiringRates: Dictionary(trainingRecorder.entries.map { ($0.layer, $0.firingRate) }, uniquingKeysWith: { $1 }),
      runnerFiringRates: Dictionary(runnerRecorder.entries.map { ($0.layer, $0.firingRate) }, uniquingKeysWith: { $1 }),
      eventDrivenFraction: eventFraction,
      batch: 64, contextLength: 20, shards: shards, threads: threads, runnerThreads: runnerThreads,
      movedPositions: movedPositions && cell.model == "dsformer" && cell.attention == .pssa)
  }
}
