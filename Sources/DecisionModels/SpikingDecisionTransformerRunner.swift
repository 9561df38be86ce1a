import CKernels
import Foundation
import Parallelism
public import NeuralNetworks
public import SpikingLayers

/// Batch-1 Decision SpikeFormer inference for rollouts: no tape, buffers allocated once, BN/PTBN folded
/// into the Linears, event-driven products.
///
/// Computes what `SpikingDecisionTransformer.action(context:parameters:buffers:)` computes in evaluation
/// mode (equal up to rounding): a context shorter than K is not padded (padded tokens are masked keys and
/// never reach a real token in evaluation; each real token keeps its window position for PSSA's matrix).
/// Only what the last token's action depends on is computed: the last block for the last token (its keys and
/// values for the tokens it attends to), each earlier block for the tokens the next block reads (PSSA's
/// band makes that a suffix of the window). Every Linear reads spikes and adds the weight rows of the active
/// inputs when the input's firing rate is below the layer's measured crossover; above it, an input holding the
/// T steps of the same tokens visits each token's union of active inputs over T once when its union rate is
/// below the layer's grouped crossover, else the dense packed product runs (all agree bit for bit with the
/// packed kernel). Not thread-safe: one runner per rollout thread.
public final class SpikingDecisionTransformerRunner {
  /// The model.
  public let model: SpikingDecisionTransformer
  let weights: SpikeFormerRunnerWeights
  /// The threads the products' column ranges run on (nil: one thread).
  private let pool: WorkerPool?
  private let neuron: any SpikingNeuron
  private let workspace: UnsafeMutablePointer<Float>
  private let stream, next, spikes, query, key, value, mixed, linear, hidden, saved, scores, mean, rstd: UnsafeMutablePointer<Float>
  private let tokens: UnsafeMutablePointer<Float>

  /// Creates a runner for `model` with its parameters and buffers (running statistics).
  /// - Parameters:
  ///   - crossover: the event-driven/dense firing-rate crossover for every layer, or nil to measure
  ///     each layer's (a few milliseconds at creation).
  ///   - groupedCrossover: the grouped/dense union-rate crossover for every layer, or nil to measure each layer's
  ///     when `crossover` is nil too (else 0: never grouped).
  ///   - threads: threads for the spike Linears' products, including the caller (default 1): each product's
  ///     output columns split over a private worker pool (the same outputs bit for bit).
  /// - Throws: `DecisionModelError` for a missing or misshapen parameter or buffer.
  public init(
    model: SpikingDecisionTransformer, parameters: ParameterStore, buffers: BufferStore, crossover: Double? = nil,
    groupedCrossover: Double? = nil, threads: Int = 1
  ) throws(DecisionModelError) {
    self.model = model
    pool = threads > 1 ? WorkerPool(threads: threads) : nil
    weights = try SpikeFormerRunnerWeights(
      model: model, parameters: parameters, buffers: buffers, crossover: crossover, groupedCrossover: groupedCrossover,
      pool: pool)
    neuron = model.configuration.neuron.neuron
    let c = model.configuration
    let (t, k, d, f) = (c.timeSteps, c.contextLength, c.hiddenSize, c.innerSize)
    let sizes = [t * k * d, t * k * d, t * k * f, t * k * d, t * k * d, t * k * d, t * k * d, t * k * f, t * k * f,
      t * k * f, k * k, t * k, t * k, k * (c.stateDimension + c.actionDimension + 1)]
    let base = UnsafeMutablePointer<Float>.allocate(capacity: sizes.reduce(0, +))
    workspace = base
    var offsets = [0]
    for size in sizes { offsets.append(offsets[offsets.count - 1] + size) }
    let p = offsets.map { base + $0 }
    (stream, next, spikes, query, key, value, mixed) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6])
    (linear, hidden, saved, scores, mean, rstd, tokens) = (p[7], p[8], p[9], p[10], p[11], p[12], p[13])
  }

  deinit { workspace.deallocate() }

  /// The share of spike-input products that took the event-driven path so far (0 before any call).
  public var eventDrivenFraction: Double {
    let linears = weights.blocks.flatMap { [$0.query, $0.key, $0.value, $0.output, $0.fc1, $0.fc2] }.map(\.linear)
    let events = linears.reduce(0) { $0 + $1.eventDrivenCalls }
    let total = events + linears.reduce(0) { $0 + $1.denseCalls }
    return total > 0 ? Double(events) / Double(total) : 0
  }

  /// Each spike-input layer's crossover firing rate (event-driven below it), by Linear name.
  public var crossovers: [(layer: String, rate: Double)] {
    zip(model.blocks, weights.blocks).flatMap { block, w in
      [("attn.q_m", w.query), ("attn.k_m", w.key), ("attn.v_m", w.value), ("attn.last_m", w.output), ("mlp.fc1", w.fc1),
        ("mlp.fc2", w.fc2)].map { ("\(block.name).\($0.0)", $0.1.linear.crossover) }
    }
  }

  /// The action for the last step of `context` (tanh-squashed) or the logits (discrete).
  /// - Parameters:
  ///   - context: at least one step; only the last K are used.
  ///   - recorder: receives every spiking layer's spikes (the neurons this runner simulates), or nil.
  public func action(context: DecisionContext, recorder: SpikeRecorder? = nil) -> [Float] {
    let c = model.configuration
    precondition(context.count > 0, "a Decision SpikeFormer needs at least one step of context")
    let n = min(context.count, c.contextLength)
    let ranges = tokenRanges(n)
    embed(context, tokens: n, from: ranges[0].keys)
    var keys = n - ranges[0].keys
    for (index, block) in weights.blocks.enumerated() {
      let queries = n - ranges[index].queries
      run(block, index: index, keys: keys, queries: queries, position: c.contextLength - n + ranges[index].keys, recorder: recorder)
      keys = queries
    }
    return head()
  }

  /// Per block, the first token whose keys/values are needed and the first whose output is needed.
  func tokenRanges(_ n: Int) -> [(keys: Int, queries: Int)] {
    let c = model.configuration
    var ranges = [(keys: Int, queries: Int)](repeating: (0, 0), count: c.layers)
    var queries = n - 1
    for b in stride(from: c.layers - 1, through: 0, by: -1) {
      let keys = c.attention == .pssa ? max(0, queries - c.window + 1) : 0
      ranges[b] = (keys, queries)
      queries = keys
    }
    return ranges
  }

  /// `x = LN(W_e·[s, a_prev, R̂] + b_e [+ E_t]) [+ W_r·R̂ + b_r]` for tokens `first..<n` of the window, repeated over T into the stream.
  private func embed(_ context: DecisionContext, tokens n: Int, from first: Int) {
    let c = model.configuration
    let (sd, ad, d, t) = (c.stateDimension, c.actionDimension, c.hiddenSize, c.timeSteps)
    let width = sd + ad + 1
    let start = context.count - n
    let m = n - first
    for i in 0..<m {
      let step = start + first + i
      let row = tokens + i * width
      for j in 0..<sd { row[j] = context.states[step * sd + j] }
      // The first token of the window sees a zero action (the shift, and padding, in the model).
      for j in 0..<ad { row[sd + j] = first + i > 0 ? context.actions[(step - 1) * ad + j] : 0 }
      row[sd + ad] = context.returnsToGo[step]
      let out = stream + i * d
      // Σ_j W[o, j]·row[j] in increasing j from 0 for every o at once, then the bias added.
      out.update(repeating: 0, count: d)
      weights.embedWeightTransposed.withUnsafeBufferPointer { w in
        for j in 0..<width { smr_scaled_add(out, w.baseAddress.map { $0 + j * d }, row[j], d, out) }
      }
      for o in 0..<d { out[o] = weights.embedBias[o] + out[o] }
      if let table = weights.timestepTable, let rows = c.timestepEmbedding {
        let time = min(max(context.timesteps[step], 0), rows - 1) * d
        for o in 0..<d { out[o] += table[time + o] }
      }
    }
    smr_layer_norm_forward(stream, weights.embedGamma, weights.embedBeta, c.normEpsilon, m, d, stream, mean, rstd)
    if let w = weights.returnWeight, let b = weights.returnBias {
      for i in 0..<m {
        let rtg = context.returnsToGo[start + first + i]
        for o in 0..<d { stream[i * d + o] += b[o] + w[o] * rtg }
      }
    }
    for step in 1..<max(t, 1) { (stream + step * m * d).update(from: stream, count: m * d) }
  }

  /// Spikes of `count` values per step into `output`; returns the firing rate.
  private func fire(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>, layer: String, recorder: SpikeRecorder?) -> Double {
    let steps = model.configuration.timeSteps
    let fired = neuron.inferenceSpikes(input, steps: steps, count: count, scratch: saved, spikes: output)
    recorder?.record(layer: layer, spikes: fired, elements: steps * count, timeSteps: steps)
    return Double(fired) / Double(max(steps * count, 1))
  }

  /// `out = Norm(S·Wᵀ + b)` for `rows` rows of width `inputs` (the norm folded, or a LayerNorm per row).
  /// `grouped`: the input is `(T, rows / T, inputs)`, the T steps of the same tokens.
  private func project(
    _ p: SpikeFormerRunnerWeights.Projection, _ input: UnsafePointer<Float>, rows: Int, rate: Double,
    into out: UnsafeMutablePointer<Float>, grouped: Bool
  ) {
    let width = p.linear.outputs
    p.linear.apply(input, lda: p.linear.inputs, rows: rows, rate: rate, into: out, ldy: width, grouped: grouped)
    if let norm = p.norm {
      smr_layer_norm_forward(out, norm.gamma, norm.beta, model.configuration.normEpsilon, rows, width, out, mean, rstd)
    }
  }

  /// `residual += Norm(S·Wᵀ + b)`.
  private func addProjection(
    _ p: SpikeFormerRunnerWeights.Projection, _ input: UnsafePointer<Float>, rows: Int, rate: Double,
    into residual: UnsafeMutablePointer<Float>
  ) {
    let width = p.linear.outputs
    if p.norm == nil {
      return p.linear.apply(input, lda: p.linear.inputs, rows: rows, rate: rate, into: residual, ldy: width, accumulate: true, grouped: true)
    }
    project(p, input, rows: rows, rate: rate, into: linear, grouped: true)
    smr_add(residual, linear, rows * width, residual)
  }

  /// One block on the stream's `keys` tokens (the window position of the first is `position`), writing the
  /// last `queries` tokens' outputs back to the start of the stream.
  private func run(
    _ w: SpikeFormerRunnerWeights.Block, index: Int, keys m: Int, queries mq: Int, position: Int, recorder: SpikeRecorder?
  ) {
    let c = model.configuration
    let (t, d, f) = (c.timeSteps, c.hiddenSize, c.innerSize)
    let name = model.blocks[index].name
    let rate = fire(stream, count: m * d, into: spikes, layer: "\(name).attn.first_lif", recorder: recorder)
    project(w.key, spikes, rows: t * m, rate: rate, into: linear, grouped: true)
    let keyRate = fire(linear, count: m * d, into: key, layer: "\(name).attn.k_lif", recorder: recorder)
    project(w.value, spikes, rows: t * m, rate: rate, into: linear, grouped: true)
    let valueRate = fire(linear, count: m * d, into: value, layer: "\(name).attn.v_lif", recorder: recorder)
    _ = (keyRate, valueRate)
    if mq == m {
      project(w.query, spikes, rows: t * m, rate: rate, into: linear, grouped: true)
    } else {
      for step in 0..<t {
        project(w.query, spikes + (step * m + m - mq) * d, rows: mq, rate: rate, into: linear + step * mq * d, grouped: false)
      }
    }
    _ = fire(linear, count: mq * d, into: query, layer: "\(name).attn.q_lif", recorder: recorder)
    if c.attention == .pssa {
      smr_pssa_query_rows(query, key, value, t, m, mq, d, weights.positions[index], c.contextLength, position, c.window, mixed)
    } else {
      smr_spiking_attention_query_rows(query, key, value, t, m, mq, d, c.heads, c.attention == .sssa ? 1 : 0, scores, mixed)
    }
    let attendedRate = fire(mixed, count: mq * d, into: spikes, layer: "\(name).attn.attn_lif", recorder: recorder)
    for step in 0..<t { (next + step * mq * d).update(from: stream + (step * m + m - mq) * d, count: mq * d) }
    addProjection(w.output, spikes, rows: t * mq, rate: attendedRate, into: next)
    let inputRate = fire(next, count: mq * d, into: spikes, layer: "\(name).mlp.lif1", recorder: recorder)
    project(w.fc1, spikes, rows: t * mq, rate: inputRate, into: linear, grouped: true)
    let hiddenRate = fire(linear, count: mq * f, into: hidden, layer: "\(name).mlp.lif2", recorder: recorder)
    addProjection(w.fc2, hidden, rows: t * mq, rate: hiddenRate, into: next)
    stream.update(from: next, count: t * mq * d)
  }

  /// Final norm on the last token over T, mean over T, head.
  private func head() -> [Float] {
    let c = model.configuration
    let (t, d, a) = (c.timeSteps, c.hiddenSize, c.actionDimension)
    if let norm = weights.finalNorm {
      smr_layer_norm_forward(stream, norm.gamma, norm.beta, c.normEpsilon, t, d, stream, mean, rstd)
    } else {
      smr_scale_shift_columns(stream, t, d, weights.finalScale, weights.finalShift, stream)
    }
    for step in 1..<max(t, 1) { smr_add(stream, stream + step * d, d, stream) }
    smr_scale(stream, 1 / Float(t), d, stream)
    var result = [Float](repeating: 0, count: a)
    for o in 0..<a {
      var sum: Float = 0
      for j in 0..<d { sum += weights.headWeight[o * d + j] * stream[j] }
      result[o] = weights.headBias[o] + sum
    }
    return c.discrete ? result : result.map { Foundation.tanh($0) }
  }
}
