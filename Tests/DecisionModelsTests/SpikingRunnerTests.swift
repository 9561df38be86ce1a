@testable import DecisionModels
import NeuralNetworks
import SpikingLayers
import TensorEngine
import Testing

/// The tape-free runners against the tape path in evaluation mode: every attention, every norm (BN/PTBN
/// folded), short, exactly-K and longer contexts, event-driven and dense products.
@Suite struct SpikingRunnerTests {
  static func context(steps: Int, stateDimension: Int, actionDimension: Int, seed: UInt64) -> DecisionContext {
    var generator = NormalGenerator(seed: seed)
    var context = DecisionContext()
    for t in 0..<steps {
      context.append(
        state: generator.normals(stateDimension, std: 1), action: generator.normals(actionDimension, std: 0.5),
        returnToGo: Float(steps - t) / 4, timestep: t)
    }
    return context
  }

  /// A model after a few training steps (so running statistics and PTBN counters are not the initial ones).
  static func trained(
    attention: SpikingAttentionKind, norm: NormalizationKind, discrete: Bool, heads: Int, timestepEmbedding: Int? = nil,
    hidden: Int = 32, returnEmbedding: Bool? = nil
  ) throws -> (SpikingDecisionTransformer, ParameterStore, BufferStore) {
    var c = SpikingDecisionTransformerConfiguration(stateDimension: 3, actionDimension: discrete ? 3 : 2, discrete: discrete)
    (c.hiddenSize, c.layers, c.heads, c.contextLength, c.window, c.attention, c.normalization) = (hidden, 3, heads, 6, 3, attention, norm)
    c.timestepEmbedding = timestepEmbedding
    c.returnEmbedding = returnEmbedding
    c.progressiveSteps = 4
    let model = SpikingDecisionTransformer(configuration: c)
    var (parameters, buffers) = model.initialState(seed: 3)
    var generator = NormalGenerator(seed: 4)
    // Larger weights than the initialisation, so that spikes are plentiful in every layer.
    for name in parameters.names where name.hasSuffix("_m.weight") || name.contains("fc") {
      parameters.modify(name) { t in t = Tensor(shape: t.shape, scalars: generator.normals(t.count, std: 0.15)) }
    }
    var optimizer = AdamW()
    for step in 0..<3 {
      let batch = SpikingTrainingTests.batch(model.configuration, size: 4, seed: UInt64(step))
      _ = try model.trainingStep(batch, parameters: &parameters, buffers: &buffers, optimizer: &optimizer, schedule: .linearWarmup(steps: 1))
    }
    return (model, parameters, buffers)
  }

  @Test(arguments: [
    (SpikingAttentionKind.pssa, NormalizationKind.ptbn, false, 1), (.pssa, .ln, true, 1), (.tssa, .ptbn, true, 2),
    (.tssa, .bn, false, 1), (.sssa, .ln, false, 2),
  ])
  func runnerMatchesTheTapePath(attention: SpikingAttentionKind, norm: NormalizationKind, discrete: Bool, heads: Int) throws {
    let (model, parameters, buffers) = try Self.trained(attention: attention, norm: norm, discrete: discrete, heads: heads)
    let c = model.configuration
    // Always dense, always event-driven (ungrouped), grouped wherever the input is grouped, calibrated.
    for (crossover, grouped) in [(0.0, 0.0), (2.0, 0.0), (0.0, 1.01), (nil, nil)] as [(Double?, Double?)] {
      let runner = try SpikingDecisionTransformerRunner(
        model: model, parameters: parameters, buffers: buffers, crossover: crossover, groupedCrossover: grouped)
      for steps in [1, 2, 6, 9] {
        let context = Self.context(steps: steps, stateDimension: 3, actionDimension: c.actionDimension, seed: UInt64(steps))
        let tapeRecorder = SpikeRecorder()
        let expected = model.action(context: context, parameters: parameters, buffers: buffers, recorder: tapeRecorder)
        let runnerRecorder = SpikeRecorder()
        let actual = runner.action(context: context, recorder: runnerRecorder)
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
          #expect(abs(a - e) <= 2e-5 * max(1, abs(e)), "\(attention)/\(norm) steps \(steps): \(actual) vs \(expected)")
        }
        #expect(runnerRecorder.totalSpikes > 0 && tapeRecorder.totalSpikes > runnerRecorder.totalSpikes / 2)
      }
    }
  }

  /// The runner's actions against the tape path's for contexts of 1, 3, 6 and 9 steps (K = 6: padded and cut).
  static func expectRunnerMatchesTheTapePath(
    _ model: SpikingDecisionTransformer, _ parameters: ParameterStore, _ buffers: BufferStore, _ runner: SpikingDecisionTransformerRunner
  ) {
    for steps in [1, 3, 6, 9] {
      let context = context(steps: steps, stateDimension: 3, actionDimension: model.configuration.actionDimension, seed: UInt64(steps))
      let expected = model.action(context: context, parameters: parameters, buffers: buffers)
      let actual = runner.action(context: context)
      for (a, e) in zip(actual, expected) { #expect(abs(a - e) <= 2e-5 * max(1, abs(e)), "steps \(steps): \(actual) vs \(expected)") }
    }
  }

  /// The optional timestep embedding (a table of 4 rows: contexts of 6 and 9 steps clamp to its last row).
  @Test func runnerMatchesTheTapePathWithATimestepEmbedding() throws {
    let (model, parameters, buffers) = try Self.trained(attention: .pssa, norm: .ptbn, discrete: false, heads: 1, timestepEmbedding: 4)
    #expect(parameters["embed_timestep.weight"]?.shape == [4, 32])
    let runner = try SpikingDecisionTransformerRunner(model: model, parameters: parameters, buffers: buffers)
    Self.expectRunnerMatchesTheTapePath(model, parameters, buffers, runner)
    // The timesteps now matter: the same steps one timestep later act differently.
    var shifted = DecisionContext()
    let context = Self.context(steps: 2, stateDimension: 3, actionDimension: 2, seed: 2)
    for t in 0..<2 {
      shifted.append(state: Array(context.states[(3 * t)..<(3 * t + 3)]), action: Array(context.actions[(2 * t)..<(2 * t + 2)]),
        returnToGo: context.returnsToGo[t], timestep: t + 1)
    }
    #expect(runner.action(context: shifted) != runner.action(context: context))
  }

  /// The return path option: the runner equals the tape path, and the released parameters draw as before.
  @Test func runnerMatchesTheTapePathWithAReturnEmbedding() throws {
    let (model, parameters, buffers) = try Self.trained(attention: .pssa, norm: .ptbn, discrete: true, heads: 1, returnEmbedding: true)
    #expect(parameters["embed_return.weight"]?.shape == [32, 1] && parameters["embed_return.bias"]?.shape == [32])
    let runner = try SpikingDecisionTransformerRunner(model: model, parameters: parameters, buffers: buffers)
    Self.expectRunnerMatchesTheTapePath(model, parameters, buffers, runner)
    var c = model.configuration
    c.returnEmbedding = nil
    let plain = SpikingDecisionTransformer(configuration: c).initialState(seed: 3).parameters
    let withPath = model.initialState(seed: 3).parameters
    #expect(Set(withPath.names).subtracting(plain.names) == ["embed_return.bias", "embed_return.weight"])
    for name in plain.names { #expect(withPath[name]?.scalars == plain[name]?.scalars, "\(name)") }
  }

  /// The option adds a table and leaves the released parameters' initial values alone.
  @Test func timestepEmbeddingLeavesTheReleasedParametersAsTheyWere() {
    var c = SpikingDecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: false)
    c.hiddenSize = 16
    let plain = SpikingDecisionTransformer(configuration: c).initialState(seed: 5).parameters
    c.timestepEmbedding = 10
    let withTable = SpikingDecisionTransformer(configuration: c).initialState(seed: 5).parameters
    #expect(Set(withTable.names).subtracting(plain.names) == ["embed_timestep.weight"])
    for name in plain.names { #expect(withTable[name]?.scalars == plain[name]?.scalars, "\(name)") }
  }

  @Test(arguments: [(false, 1, false), (true, 2, true), (false, 2, true)])
  func snnRunnerMatchesTheTapePath(discrete: Bool, heads: Int, options: Bool) throws {
    var c = SNNDecisionTransformerConfiguration(stateDimension: 3, actionDimension: discrete ? 3 : 2, discrete: discrete)
    (c.hiddenSize, c.innerSize, c.layers, c.heads, c.contextLength, c.maxEpisodeLength, c.timeSteps) = (32, 48, 2, heads, 5, 30, 6)
    (c.positionalGating, c.dendriticRouting) = (options, options)
    var fast = NorseLIF()
    (fast.tauMembraneInverse, fast.threshold) = (500, 0.4)
    var output = NorseLIF()
    (output.tauMembraneInverse, output.threshold) = (1000, 0.2)
    (c.neuron, c.outputNeuron) = (.norse(fast), .norse(output))
    let model = SNNDecisionTransformer(configuration: c)
    var parameters = model.initialParameters(seed: 5)
    var generator = NormalGenerator(seed: 6)
    for name in parameters.names where name.contains("proj.fc.weight") {
      parameters.modify(name) { t in t = Tensor(shape: t.shape, scalars: generator.normals(t.count, std: 0.3)) }
    }
    let runner = try SNNDecisionTransformerRunner(model: model, parameters: parameters)
    for steps in [1, 3, 5, 8] {
      let context = Self.context(steps: steps, stateDimension: 3, actionDimension: c.actionDimension, seed: UInt64(steps + 20))
      let tapeRecorder = SpikeRecorder()
      let expected = model.action(context: context, parameters: parameters, recorder: tapeRecorder)
      let runnerRecorder = SpikeRecorder()
      let actual = runner.action(context: context, recorder: runnerRecorder)
      for (a, e) in zip(actual, expected) {
        #expect(abs(a - e) <= 2e-5 * max(1, abs(e)), "steps \(steps): \(actual) vs \(expected)")
      }
      #expect(runnerRecorder.totalSpikes > 0 && tapeRecorder.totalSpikes >= runnerRecorder.totalSpikes)
    }
  }

  /// Without a value spike a block's Q and K are skipped (when nothing records): the same actions as with a
  /// recorder (which computes them) and as the tape path; with value spikes nothing is skipped.
  @Test(arguments: [Float(0.4), 50])
  func snnRunnerSkipsQueryAndKeyOnlyWhenNoValueFires(threshold: Float) throws {
    var c = SNNDecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: false)
    (c.hiddenSize, c.innerSize, c.layers, c.heads, c.contextLength, c.maxEpisodeLength, c.timeSteps) = (32, 48, 2, 2, 5, 30, 6)
    var neuron = NorseLIF()
    (neuron.tauMembraneInverse, neuron.threshold) = (500, threshold)
    c.neuron = .norse(neuron)
    let model = SNNDecisionTransformer(configuration: c)
    let parameters = model.initialParameters(seed: 7)
    let runner = try SNNDecisionTransformerRunner(model: model, parameters: parameters)
    let context = Self.context(steps: 5, stateDimension: 3, actionDimension: 2, seed: 31)
    let recorder = SpikeRecorder()
    let recorded = runner.action(context: context, recorder: recorder)
    #expect(runner.skippedAttentions == 0)
    let fast = runner.action(context: context)
    #expect(fast.map(\.bitPattern) == recorded.map(\.bitPattern))
    let silentBlocks = recorder.entries.filter { $0.layer.contains("v_proj") && $0.spikes == 0 }.count
    #expect(runner.skippedAttentions == silentBlocks)
    #expect(threshold > 1 ? silentBlocks == c.layers : silentBlocks < c.layers)
    let expected = model.action(context: context, parameters: parameters)
    for (a, e) in zip(fast, expected) { #expect(abs(a - e) <= 2e-5 * max(1, abs(e)), "\(fast) vs \(expected)") }
  }

  @Test func eventDrivenProductsEqualTheDenseProductBitForBit() {
    for (inputs, outputs) in [(128, 128), (512, 128), (128, 512), (37, 70), (300, 17)] {
      var generator = NormalGenerator(seed: UInt64(inputs))
      let weight = generator.normals(inputs * outputs, std: 0.1)
      let bias = generator.normals(outputs, std: 0.1)
      let rows = 9
      let spikes = (0..<(rows * inputs)).map { _ in Float(generator.uniform() < 0.3 ? 1 : 0) }
      let linear = EventDrivenLinear(weight: weight, bias: bias, inputs: inputs, outputs: outputs, crossover: 0.5)
      var sparse = [Float](repeating: 0.5, count: rows * outputs)
      var dense = sparse
      linear.apply(spikes, lda: inputs, rows: rows, rate: 0, into: &sparse, ldy: outputs, accumulate: true)
      linear.apply(spikes, lda: inputs, rows: rows, rate: 1, into: &dense, ldy: outputs, accumulate: true)
      #expect(linear.eventDrivenCalls == 1 && linear.denseCalls == 1)
      if EventDrivenLinear.packs {
        #expect(sparse == dense, "\(inputs) × \(outputs)")
      } else {
        #expect(zip(sparse, dense).allSatisfy { abs($0 - $1) < 1e-4 })
      }
      // And the product itself: row 0, output 0.
      let reference = (0..<inputs).reduce(bias[0]) { $0 + weight[$1] * spikes[$1] } + 0.5
      #expect(abs(sparse[0] - reference) < 1e-4)
    }
  }
}

/// The time-grouped event-driven product (`apply(grouped:)`) against the dense one.
@Suite struct GroupedEventDrivenLinearTests {
  @Test(arguments: [(256, 1024), (128, 128), (37, 70)])
  func groupedProductsEqualTheDenseProductBitForBit(inputs: Int, outputs: Int) {
    var generator = NormalGenerator(seed: UInt64(inputs + outputs))
    let weight = generator.normals(inputs * outputs, std: 0.1)
    let bias = generator.normals(outputs, std: 0.1)
    let (steps, tokens) = (4, 5)
    let base = (0..<(tokens * inputs)).map { _ in generator.uniform() < 0.3 }
    // Rows t·tokens + b: token b's spikes, a few flipped per step.
    let spikes = (0..<(steps * tokens * inputs)).map { i in Float(base[i % (tokens * inputs)] != (generator.uniform() < 0.05) ? 1 : 0) }
    let grouped = EventDrivenLinear(weight: weight, bias: bias, inputs: inputs, outputs: outputs, crossover: 0.5, timeSteps: steps, groupedCrossover: 1.01)
    let dense = EventDrivenLinear(weight: weight, bias: bias, inputs: inputs, outputs: outputs, crossover: 0.5, timeSteps: steps, groupedCrossover: 0)
    var (a, b) = ([Float](repeating: 0.25, count: steps * tokens * outputs), [Float](repeating: 0.25, count: steps * tokens * outputs))
    grouped.apply(spikes, lda: inputs, rows: steps * tokens, rate: 1, into: &a, ldy: outputs, accumulate: true, grouped: true)
    dense.apply(spikes, lda: inputs, rows: steps * tokens, rate: 1, into: &b, ldy: outputs, accumulate: true, grouped: true)
    #expect(dense.denseCalls == 1)
    if grouped.groupedCrossover > 0 { #expect(grouped.eventDrivenCalls == 1 && grouped.denseCalls == 0) }
    if EventDrivenLinear.packs {
      #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(inputs) × \(outputs)")
    } else {
      #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-4 })
    }
  }
}

/// The last-position forward (what fine-tuning differentiates) against the full forward.
@Suite struct LastPositionForwardTests {
  @Test(arguments: [
    (SpikingAttentionKind.pssa, NormalizationKind.ptbn, false), (.tssa, .ln, true), (.sssa, .bn, false),
  ])
  func lastPositionForwardEqualsTheFullForwardsLastPosition(attention: SpikingAttentionKind, norm: NormalizationKind, discrete: Bool) throws {
    let (model, parameters, buffers) = try SpikingRunnerTests.trained(attention: attention, norm: norm, discrete: discrete, heads: 1)
    let c = model.configuration
    let batch = SpikingTrainingTests.batch(c, size: 5, seed: 9)
    let (a, k) = (c.actionDimension, c.contextLength)
    // A loss on the last positions only: Σ_w Σ_j (j + 1)·p[w, last, j].
    func run(lastOnly: Bool) -> ([Float], [String: Tensor]) {
      let tape = Tape()
      let binding = parameters.bind(to: tape)
      let predictions = model.predictActions(
        batch, parameters: binding, pass: SpikingPass(mode: .evaluation, buffers: buffers), lastPositionOnly: lastOnly)
      let positions = predictions.shape[1]
      #expect(predictions.shape == [5, lastOnly ? 1 : k, a])
      var weights = [Float](repeating: 0, count: 5 * positions * a)
      var last: [Float] = []
      let values = predictions.value.scalars
      for w in 0..<5 {
        let offset: Int = (w * positions + positions - 1) * a
        for j in 0..<a {
          weights[offset + j] = Float(j + 1)
          last.append(values[offset + j])
        }
      }
      let loss = (predictions * tape.constant(Tensor(shape: predictions.shape, scalars: weights))).sum()
      return (last, binding.gradients(of: loss))
    }
    let (full, fullGradients) = run(lastOnly: false)
    let (last, lastGradients) = run(lastOnly: true)
    #expect(last == full, "\(attention)/\(norm)")
    #expect(Set(lastGradients.keys) == Set(fullGradients.keys))
    for (name, expected) in fullGradients {
      let actual = try #require(lastGradients[name])
      let scale = expected.scalars.map { abs($0) }.max() ?? 0
      let difference = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
      #expect(difference <= 1e-5 * max(scale, 1e-3), "\(attention)/\(norm) \(name): \(difference) of \(scale)")
    }
    #expect(fullGradients.values.contains { $0.scalars.contains { $0 != 0 } })
  }
}
