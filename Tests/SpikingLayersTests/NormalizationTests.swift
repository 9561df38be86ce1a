import NeuralNetworks
import SpikingLayers
import TensorEngine
import TensorTestSupport
import Testing

/// Batch norm with and without padding rows, PTBN's schedule and modes, running statistics, folding.
@Suite struct NormalizationTests {
  @Test func batchNormBackwardMatchesFiniteDifferences() {
    let x = GradientCheck.tensor([3, 4, 5], seed: 1)
    let (gamma, beta) = (GradientCheck.tensor([5], seed: 2), GradientCheck.tensor([5], seed: 3))
    let mask: [Float] = [1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1]
    GradientCheck.check([x, gamma, beta], tolerance: 3e-2) { $0[0].batchNormalized(gamma: $0[1], beta: $0[2]).output }
    GradientCheck.check([x, gamma, beta], tolerance: 3e-2) { $0[0].batchNormalized(gamma: $0[1], beta: $0[2], rowMask: mask).output }
    GradientCheck.check([x, gamma, beta]) {
      $0[0].batchNormalized(gamma: $0[1], beta: $0[2], runningMean: [0.1, 0, -0.2, 0.3, 0], runningVariance: [1, 2, 0.5, 1, 3])
    }
    GradientCheck.check([x, GradientCheck.tensor([3, 4, 5], seed: 4)]) { $0[0].mixed(with: $0[1], lambda: 0.3) }
  }

  @Test func maskedStatisticsIgnorePaddingRows() {
    let tape = Tape()
    let rows: [[Float]] = [[1, 2], [3, 4], [100, -100], [5, 0]]
    let x = tape.constant(Tensor(shape: [4, 2], scalars: rows.flatMap { $0 }))
    let (gamma, beta) = (tape.constant(Tensor(repeating: 1, shape: [2])), tape.constant(Tensor(repeating: 0, shape: [2])))
    let (_, statistics) = x.batchNormalized(gamma: gamma, beta: beta, rowMask: [1, 1, 0, 1])
    #expect(statistics.count == 3 && statistics.mean == [3, 2])
    #expect(abs(statistics.variance[0] - 8 / 3) < 1e-6 && abs(statistics.variance[1] - 8 / 3) < 1e-6)
    let pooled = BatchStatistics.pooled([
      BatchStatistics(count: 2, mean: [2], variance: [1]), BatchStatistics(count: 1, mean: [5], variance: [0]),
    ])
    #expect(pooled.count == 3 && abs(pooled.mean[0] - 3) < 1e-6 && abs(pooled.variance[0] - 8 / 3) < 1e-6)
  }

  static func norm(_ kind: NormalizationKind, steps: Int) -> (TemporalNorm, ParameterStore, BufferStore) {
    let norm = TemporalNorm("blocks.0.attn.q_ln", width: 3, kind: kind)
    var (store, buffers) = (ParameterStore(), BufferStore())
    norm.register(in: &store, buffers: &buffers, gamma: 0.5, scheduleSteps: steps)
    return (norm, store, buffers)
  }

  @Test func stateDictNamesFollowTheReleasedModules() {
    let (_, store, buffers) = Self.norm(.ptbn, steps: 4)
    #expect(store.names == [
      "blocks.0.attn.q_ln.norm.norm1.ln.weight", "blocks.0.attn.q_ln.norm.norm1.ln.bias",
      "blocks.0.attn.q_ln.norm.norm2.bn.weight", "blocks.0.attn.q_ln.norm.norm2.bn.bias",
    ])
    #expect(buffers.counterNames == [
      "blocks.0.attn.q_ln.norm.warm", "blocks.0.attn.q_ln.norm.iter", "blocks.0.attn.q_ln.norm.total_step",
      "blocks.0.attn.q_ln.norm.norm2.bn.num_batches_tracked",
    ])
    #expect(store["blocks.0.attn.q_ln.norm.norm1.ln.weight"]?.scalars == [0.5, 0.5, 0.5])
  }

  @Test func progressiveScheduleFallsLinearlyThenEvaluationIsBatchNorm() {
    var (norm, store, buffers) = Self.norm(.ptbn, steps: 4)
    let x = GradientCheck.tensor([2, 5, 3], seed: 7)
    var lambdas: [Float] = []
    for _ in 0..<6 {
      lambdas.append(norm.lambda(buffers))
      let tape = Tape()
      let pass = SpikingPass(mode: .training, buffers: buffers)
      let input = tape.constant(x)
      let p = store.bind(to: tape)
      let y = norm(input, p, pass: pass)
      let ln = input.layerNorm(gamma: p["blocks.0.attn.q_ln.norm.norm1.ln.weight"], beta: p["blocks.0.attn.q_ln.norm.norm1.ln.bias"])
      let bn = input.batchNormalized(gamma: p["blocks.0.attn.q_ln.norm.norm2.bn.weight"], beta: p["blocks.0.attn.q_ln.norm.norm2.bn.bias"]).output
      let expected = ln.mixed(with: bn, lambda: lambdas.last ?? 0)
      #expect(zip(y.value.scalars, expected.value.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
      buffers.apply(pass.updates)
    }
    #expect(lambdas == [1, 0.75, 0.5, 0.25, 0, 0])
    #expect(buffers[counter: "blocks.0.attn.q_ln.norm.iter"] == 0)
    #expect(buffers[counter: "blocks.0.attn.q_ln.norm.norm2.bn.num_batches_tracked"] == 6)
    // Running statistics after six identical batches: m ← 0.1·μ + 0.9·m from 0, so m = (1 − 0.9⁶)·μ.
    let tape = Tape()
    let (_, statistics) = tape.constant(x).batchNormalized(gamma: tape.constant(Tensor(repeating: 1, shape: [3])),
      beta: tape.constant(Tensor(repeating: 0, shape: [3])))
    let running = buffers[tensor: "blocks.0.attn.q_ln.norm.norm2.bn.running_mean"]?.scalars ?? []
    let factor: Float = 1 - 0.531441
    #expect(zip(running, statistics.mean).allSatisfy { abs($0 - factor * $1) < 1e-5 })
    norm = TemporalNorm("blocks.0.attn.q_ln", width: 3, kind: .ptbn)
    let evaluation = SpikingPass(mode: .evaluation, buffers: buffers)
    let y = norm(tape.constant(x), store.bind(to: tape), pass: evaluation).value
    let affine = norm.inferenceAffine(parameters: store, buffers: buffers)
    let (scale, shift) = (affine?.scale ?? [], affine?.shift ?? [])
    var folded = [Float](repeating: 0, count: x.count)
    for index in 0..<x.count { folded[index] = x.scalars[index] * scale[index % 3] + shift[index % 3] }
    #expect(zip(y.scalars, folded).allSatisfy { abs($0 - $1) < 1e-5 })
    #expect(evaluation.updates == BufferUpdates())
  }

  @Test func foldingIntoTheLinearGivesTheSameOutputs() {
    let (weight, bias) = (GradientCheck.values(12, seed: 1), GradientCheck.values(3, seed: 2))
    let (scale, shift) = (GradientCheck.values(3, seed: 3, positive: true), GradientCheck.values(3, seed: 4))
    let x = GradientCheck.values(4, seed: 5)
    let folded = BatchNormFolding.fold(weight: weight, bias: bias, scale: scale, shift: shift)
    for o in 0..<3 {
      let plain = (0..<4).reduce(bias[o]) { $0 + weight[o * 4 + $1] * x[$1] } * scale[o] + shift[o]
      let fused = (0..<4).reduce(folded.bias[o]) { $0 + folded.weight[o * 4 + $1] * x[$1] }
      #expect(abs(plain - fused) < 1e-5)
    }
  }

  @Test func shardsPoolToTheWholeBatch() {
    let x = GradientCheck.tensor([6, 3], seed: 9)
    func statistics(_ rows: Range<Int>) -> BatchStatistics {
      let tape = Tape()
      let part = tape.constant(Tensor(shape: [rows.count, 3], scalars: Array(x.scalars[(rows.lowerBound * 3)..<(rows.upperBound * 3)])))
      return part.batchNormalized(gamma: tape.constant(Tensor(repeating: 1, shape: [3])), beta: tape.constant(Tensor(repeating: 0, shape: [3]))).statistics
    }
    let whole = statistics(0..<6)
    var first = BufferUpdates()
    first.batchStatistics = [("n", statistics(0..<2))]
    first.advancedSchedules = ["s"]
    var second = BufferUpdates()
    second.batchStatistics = [("n", statistics(2..<6))]
    second.advancedSchedules = ["s"]
    let merged = BufferUpdates.merged([first, second])
    #expect(merged.advancedSchedules == ["s"])
    let pooled = merged.batchStatistics[0].1
    #expect(pooled.count == 6 && zip(pooled.mean, whole.mean).allSatisfy { abs($0 - $1) < 1e-6 })
    #expect(zip(pooled.variance, whole.variance).allSatisfy { abs($0 - $1) < 1e-5 })
  }
}

extension NormalizationTests {
  /// What distributed training sends of a shard's batch statistics comes back as the same updates (names from
  /// the template, numbers from the values), and the numbers really come from the values.
  @Test func bufferUpdatesTravelAsValues() {
    var updates = BufferUpdates()
    updates.batchStatistics = [
      ("a.bn", BatchStatistics(count: 1280, mean: [0.5, -1.25], variance: [2, 0.125])),
      ("b.bn", BatchStatistics(count: 7, mean: [3], variance: [0.5])),
    ]
    updates.advancedSchedules = ["a"]
    let values = updates.statisticsValues
    #expect(values == [1280, 0.5, -1.25, 2, 0.125, 7, 3, 0.5])
    var template = updates
    template.batchStatistics = template.batchStatistics.map { ($0.0, BatchStatistics(count: 0, mean: [0, 0].prefix($0.1.mean.count).map { $0 }, variance: [9, 9].prefix($0.1.mean.count).map { $0 })) }
    #expect(template != updates)
    #expect(template.replacingStatistics(values[...]) == updates)
    #expect(template.replacingStatistics(([99] + values)[1...]) == updates, "slices keep their own indices")
  }
}
