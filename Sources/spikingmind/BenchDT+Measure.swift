import DecisionModels
import Foundation
import NeuralNetworks
import Parallelism
import TensorEngine

extension BenchDT {
  static func seconds(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  static func randomBatch(_ c: DecisionTransformerConfiguration, batch: Int, generator: inout NormalGenerator) -> DecisionBatch {
    let k = c.contextLength
    let targets = (0..<(batch * k)).map { _ in Float(Int(generator.uniform() * Double(c.actionDimension))) }
    let actions: [Float] =
      c.discrete
      ? targets.flatMap { t in (0..<c.actionDimension).map { $0 == Int(t) ? Float(1) : 0 } }
      : (0..<(batch * k * c.actionDimension)).map { _ in Float(generator.uniform() * 2 - 1) }
    return DecisionBatch(
      batchSize: batch, contextLength: k, states: generator.normals(batch * k * c.stateDimension, std: 1),
      actionInputs: actions, actionTargets: c.discrete ? targets : actions,
      returnsToGo: generator.normals(batch * k, std: 1),
      timesteps: (0..<(batch * k)).map { $0 % k + 100 }, mask: Array(repeating: 1, count: batch * k))
  }

  /// Forward multiply-adds ×2 of one window batch (matrix products only), ×3 for a training step.
  static func trainingFlops(_ c: DecisionTransformerConfiguration, batch: Int) -> Double {
    let tokens = Double(batch * 3 * c.contextLength)
    let d = Double(c.hiddenSize)
    let perLayer = tokens * (2 * d * 3 * d + 2 * d * d + 2 * 2 * d * Double(c.innerSize))
      + Double(batch) * 2 * 2 * pow(Double(3 * c.contextLength), 2) * d
    return 3 * Double(c.layers) * perLayer
  }

  static func measure(
    configuration c: DecisionTransformerConfiguration, steps: Int, calls: Int, threads: Int, shards: Int
  ) throws -> DTBenchResult {
    let pool = threads > 1 && shards > 1 ? WorkerPool(threads: threads) : nil
    BLASInfo.setThreads(pool == nil ? threads : 1)
    defer { BLASInfo.setThreads(threads) }
    let model = DecisionTransformer(configuration: c)
    var parameters = model.initialParameters(seed: 0)
    var generator = NormalGenerator(seed: 1)
    let batch = randomBatch(c, batch: 64, generator: &generator)
    var optimizer = AdamW()
    var context = ForwardContext(dropout: c.dropout, seed: 2)
    for _ in 0..<3 {
      _ = try model.trainingStep(batch, parameters: &parameters, optimizer: &optimizer, schedule: .linearWarmup(steps: 10_000), context: &context,
        shards: shards, pool: pool)
    }
    var trainTimes: [Double] = []
    for _ in 0..<steps {
      let start = ContinuousClock.now
      _ = try model.trainingStep(batch, parameters: &parameters, optimizer: &optimizer, schedule: .linearWarmup(steps: 10_000), context: &context,
        shards: shards, pool: pool)
      trainTimes.append(seconds(start))
    }
    var history = DecisionContext()
    for t in 0..<c.contextLength {
      history.append(
        state: generator.normals(c.stateDimension, std: 1), action: Array(repeating: 0, count: c.actionDimension),
        returnToGo: 1, timestep: t)
    }
    // The runner splits its products over its own threads; BLAS (its attention products) runs on the
    // calling thread meanwhile, so the total is `threads` either way.
    let runner = try DecisionTransformerRunner(model: model, parameters: parameters, threads: threads)
    BLASInfo.setThreads(1)
    let latencies = sortedLatencies(calls: calls) { _ = runner.action(context: history) }
    let tapeLatencies = sortedLatencies(calls: max(calls / 4, 1)) { _ = model.action(context: history, parameters: parameters) }
    trainTimes.sort()
    let median = trainTimes[trainTimes.count / 2]
    let actionMedian = latencies[latencies.count / 2] * 1e3
    let actionP99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)] * 1e3
    let tapeMedian = tapeLatencies[tapeLatencies.count / 2] * 1e3
    return DTBenchResult(
      trainStepMilliseconds: median * 1e3, trainGigaflops: trainingFlops(c, batch: 64) / median / 1e9,
      actionMedianMilliseconds: actionMedian, actionP99Milliseconds: actionP99,
      actionGigaflops: trainingFlops(c, batch: 1) / 3 / (actionMedian / 1e3) / 1e9, tapeActionMedianMilliseconds: tapeMedian,
      shards: shards, batch: 64, contextLength: c.contextLength, threads: threads)
  }

  /// Seconds per call of `body`, sorted, after 10 warm-up calls.
  static func sortedLatencies(calls: Int, _ body: () -> Void) -> [Double] {
    for _ in 0..<10 { body() }
    var latencies: [Double] = []
    for _ in 0..<calls {
      let start = ContinuousClock.now
      body()
      latencies.append(seconds(start))
    }
    return latencies.sorted()
  }
}
