@testable import DecisionModels
import NeuralNetworks
import Parallelism
import SpikingLayers
import TensorEngine
import Testing

/// The runners' products split into column ranges over a worker pool: the same outputs, bit for bit, on every path.
@Suite struct ColumnSplitTests {
  @Test(arguments: [(256, 200), (128, 64), (37, 150)])
  func splitLinearEqualsTheWholeOneOnEveryPath(inputs: Int, outputs: Int) {
    var generator = NormalGenerator(seed: UInt64(inputs * outputs))
    let weight = generator.normals(inputs * outputs, std: 0.1)
    let bias = generator.normals(outputs, std: 0.1)
    let (steps, tokens) = (4, 5)
    let rows = steps * tokens
    let pool = WorkerPool(threads: 2)
    for rate in [0.05, 0.4] {
      let spikes = (0..<(rows * inputs)).map { _ in Float(generator.uniform() < rate ? 1 : 0) }
      // Always event-driven, always dense, grouped where it can be, calibrated.
      for (crossover, grouped) in [(2.0, 0.0), (0.0, 0.0), (0.0, 1.01), (nil, nil)] as [(Double?, Double?)] {
        let whole = EventDrivenLinear(
          weight: weight, bias: bias, inputs: inputs, outputs: outputs, crossover: crossover, timeSteps: steps,
          groupedCrossover: grouped)
        let split = EventDrivenLinear(
          weight: weight, bias: bias, inputs: inputs, outputs: outputs, crossover: crossover, timeSteps: steps,
          groupedCrossover: grouped, pool: pool)
        #expect(split.columnParts == 2 && whole.columnParts == 1)
        let start = generator.normals(rows * outputs, std: 1)
        for accumulate in [false, true] {
          var (a, b) = (start, start)
          whole.apply(spikes, lda: inputs, rows: rows, rate: rate, into: &a, ldy: outputs, accumulate: accumulate, grouped: true)
          split.apply(spikes, lda: inputs, rows: rows, rate: rate, into: &b, ldy: outputs, accumulate: accumulate, grouped: true)
          #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(inputs) × \(outputs), rate \(rate), accumulate \(accumulate)")
          whole.dense(spikes, lda: inputs, rows: rows, into: &a, ldy: outputs, accumulate: accumulate)
          split.dense(spikes, lda: inputs, rows: rows, into: &b, ldy: outputs, accumulate: accumulate)
          #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "dense \(inputs) × \(outputs)")
        }
      }
    }
  }

  @Test(arguments: [SpikingAttentionKind.pssa, .tssa])
  func twoThreadDSFormerRunnerEqualsTheOneThreadRunner(attention: SpikingAttentionKind) throws {
    let (model, parameters, buffers) = try SpikingRunnerTests.trained(
      attention: attention, norm: .ptbn, discrete: false, heads: 2, hidden: 64)
    let one = try SpikingDecisionTransformerRunner(model: model, parameters: parameters, buffers: buffers, crossover: 0.3, groupedCrossover: 0.5)
    let two = try SpikingDecisionTransformerRunner(
      model: model, parameters: parameters, buffers: buffers, crossover: 0.3, groupedCrossover: 0.5, threads: 2)
    for steps in [1, 6, 9] {
      let context = SpikingRunnerTests.context(steps: steps, stateDimension: 3, actionDimension: 2, seed: UInt64(steps + 40))
      #expect(one.action(context: context).map(\.bitPattern) == two.action(context: context).map(\.bitPattern))
    }
  }

  @Test func twoThreadSNNRunnerEqualsTheOneThreadRunner() throws {
    var c = SNNDecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: false)
    (c.hiddenSize, c.innerSize, c.layers, c.heads, c.contextLength, c.maxEpisodeLength, c.timeSteps) = (64, 256, 2, 2, 5, 30, 4)
    let model = SNNDecisionTransformer(configuration: c)
    let parameters = model.initialParameters(seed: 7)
    let one = try SNNDecisionTransformerRunner(model: model, parameters: parameters)
    let two = try SNNDecisionTransformerRunner(model: model, parameters: parameters, threads: 2)
    for steps in [1, 5, 8] {
      let context = SpikingRunnerTests.context(steps: steps, stateDimension: 3, actionDimension: 2, seed: UInt64(steps + 50))
      #expect(one.action(context: context).map(\.bitPattern) == two.action(context: context).map(\.bitPattern))
    }
  }
}
