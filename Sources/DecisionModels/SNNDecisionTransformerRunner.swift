import CBLAS
import CKernels
import Foundation
import Parallelism
public import NeuralNetworks
public import SpikingLayers

/// Batch-1 SNN-DT inference for rollouts: no tape, buffers allocated once.
///
/// Computes what `SNNDecisionTransformer.action(context:parameters:)` computes (equal up to rounding): the
/// window's `3n` tokens without padding (padded keys get weight `exp(−10⁴) = 0`), the rate code and the
/// Q/K/V neurons over T on rate-coded products (`RateCodePlan`: a multiply-add per step only for the inputs
/// strictly inside (0, 1), the two constant classes summed once), the spike-count attention with
/// BLAS, the output neuron's spikes into `c_proj`, the attention output into `out_proj` and the MLP's hidden
/// layer into its projection through event-driven products (chosen by the measured density; bit-identical to
/// the dense products); when no value neuron of a block fires (and nothing records spikes), its Q and K are
/// skipped, since the attention's output is then 0; the last block only for
/// the last state token (its keys and values for the tokens before it). Not thread-safe.
public final class SNNDecisionTransformerRunner {
  /// The model.
  public let model: SNNDecisionTransformer
  let weights: SNNRunnerWeights
  /// The threads the products' column ranges run on (nil: one thread).
  private let pool: WorkerPool?
  private let neuron: any SpikingNeuron, outputNeuron: any SpikingNeuron
  private let workspace: UnsafeMutablePointer<Float>
  private let plan: RateCodePlan
  /// Blocks whose query and key products were skipped because no value neuron fired (for tests and benchmarks).
  public private(set) var skippedAttentions = 0
  private let h, normalized, currents, spikes, counts, attended, scores, hidden, saved, mean, rstd, row: UnsafeMutablePointer<Float>

  /// Creates a runner.
  /// - Parameter threads: threads for the Linears' products, including the caller (default 1): each product's
  ///   output columns split over a private worker pool (the same outputs bit for bit).
  /// - Throws: `DecisionModelError` for a missing or misshapen parameter.
  public init(model: SNNDecisionTransformer, parameters: ParameterStore, threads: Int = 1) throws(DecisionModelError) {
    pool = threads > 1 ? WorkerPool(threads: threads) : nil
    self.model = model
    weights = try SNNRunnerWeights(model: model, store: parameters, pool: pool)
    neuron = model.configuration.neuron.neuron
    outputNeuron = model.configuration.outputNeuron.neuron
    let c = model.configuration
    let (t, l, d, f) = (c.timeSteps, 3 * c.contextLength, c.hiddenSize, c.innerSize)
    plan = RateCodePlan(width: d, steps: t, sharpness: c.rateSharpness, capacity: l)
    let sizes = [l * d, l * d, t * l * d, t * l * d, 3 * l * d, l * d, l * l, l * max(f, d), t * l * d, l, l, d]
    let base = UnsafeMutablePointer<Float>.allocate(capacity: sizes.reduce(0, +))
    workspace = base
    var offsets = [0]
    for size in sizes { offsets.append(offsets[offsets.count - 1] + size) }
    let p = offsets.map { base + $0 }
    (h, normalized, currents, spikes, counts, attended) = (p[0], p[1], p[2], p[3], p[4], p[5])
    (scores, hidden, saved, mean, rstd, row) = (p[6], p[7], p[8], p[9], p[10], p[11])
  }

  deinit { workspace.deallocate() }

  /// The action for the last step of `context` (tanh-squashed) or the logits (discrete).
  /// - Parameter recorder: receives the Q/K/V and output neurons' spikes, or nil.
  public func action(context: DecisionContext, recorder: SpikeRecorder? = nil) -> [Float] {
    let c = model.configuration
    precondition(context.count > 0, "a Decision Transformer needs at least one step of context")
    let steps = min(context.count, c.contextLength)
    embed(context, steps: steps)
    let n = 3 * steps
    for (index, block) in weights.blocks.enumerated() {
      let last = index == weights.blocks.count - 1
      // The last block: keys and values of the tokens up to the last state token, outputs for it only.
      run(block, index: index, keys: last ? n - 1 : n, queries: last ? 1 : n, recorder: recorder)
    }
    let d = c.hiddenSize
    let last = weights.blocks.isEmpty ? h + (n - 2) * d : h
    smr_layer_norm_forward(last, weights.finalGamma, weights.finalBeta, c.layerNormEpsilon, 1, d, row, mean, rstd)
    var result = [Float](repeating: 0, count: c.actionDimension)
    for o in 0..<c.actionDimension {
      var sum: Float = 0
      for j in 0..<d { sum += weights.headWeight[o * d + j] * row[j] }
      result[o] = weights.headBias[o] + sum
    }
    return !c.discrete || c.tanhLogits ? result.map { Foundation.tanh($0) } : result
  }

  /// `(R̂, s, a)` tokens plus the timestep embedding, then the embedding LayerNorm, into `h`. The state and action
  /// products as column updates over the transposed weights (`Σ_j W[k, j]·x_j` in increasing j from 0, then the bias).
  private func embed(_ context: DecisionContext, steps: Int) {
    let c = model.configuration
    let (d, sd, ad) = (c.hiddenSize, c.stateDimension, c.actionDimension)
    let e = weights.embedding
    let start = context.count - steps
    e.timestep.withUnsafeBufferPointer { table in
      guard let table = table.baseAddress else { return }
      for i in 0..<steps {
        let step = start + i
        let time = table + max(0, min(context.timesteps[step], c.maxEpisodeLength - 1)) * d
        let tokens = h + 3 * i * d
        let returnToGo = context.returnsToGo[step]
        for k in 0..<d { tokens[k] = (e.returnWeight[k] * returnToGo + e.returnBias[k]) + time[k] }
        for (token, weight, bias, values, width) in [
          (tokens + d, e.stateWeightTransposed, e.stateBias, context.states, sd),
          (tokens + 2 * d, e.actionWeightTransposed, e.actionBias, context.actions, ad),
        ] {
          token.update(repeating: 0, count: d)
          weight.withUnsafeBufferPointer { w in
            for j in 0..<width { smr_scaled_add(token, w.baseAddress.map { $0 + j * d }, values[step * width + j], d, token) }
          }
          for k in 0..<d { token[k] = (bias[k] + token[k]) + time[k] }
        }
      }
    }
    smr_layer_norm_forward(h, e.normGamma, e.normBeta, c.layerNormEpsilon, 3 * steps, d, h, mean, rstd)
  }

  /// One block over tokens `0..<keys`, writing the outputs of the last `queries` of them to the start of `h`.
  private func run(_ w: SNNRunnerWeights.Block, index: Int, keys m: Int, queries mq: Int, recorder: SpikeRecorder?) {
    let c = model.configuration
    let (t, d) = (c.timeSteps, c.hiddenSize)
    let name = model.blocks[index].name
    smr_layer_norm_forward(h, w.ln1Gamma, w.ln1Beta, c.layerNormEpsilon, m, d, normalized, mean, rstd)
    plan.prepare(normalized, rows: m)
    // V first: without a value spike the attention's output is 0 whatever Q and K are, so (unless recording)
    // their products and neurons are skipped — event-driven at the level of the whole attention.
    var silentValues = false
    for (part, (linear, layer)) in [(2, (w.value, "v_proj")), (1, (w.key, "k_proj")), (0, (w.query, "q_proj"))] {
      if silentValues { break }
      // Q only for the query rows; K and V for every key row. Currents (T, rows, D) of the rate code.
      let (first, rows) = part == 0 ? (m - mq, mq) : (0, m)
      linear.rateCoded(plan, first: first, rows: rows, into: currents, ldy: d, ldt: rows * d)
      let target = counts + part * m * d + (part == 0 ? (m - mq) * d : 0)
      let fired: Int
      if let gates = w.gates {  // the gates act per step: spikes, then gated counts
        fired = neuron.forward(currents, steps: t, count: rows * d, saved: saved, spikes: spikes)
        gate(spikes, rows: rows, gates: gates)
        target.update(from: spikes, count: rows * d)
        for step in 1..<t { smr_add(target, spikes + step * rows * d, rows * d, target) }
      } else {
        fired = neuron.spikeCounts(currents, steps: t, count: rows * d, saved: saved, spikes: spikes, counts: target)
      }
      recorder?.record(layer: "\(name).attn.snn_attn.\(layer).lif", spikes: fired, elements: t * rows * d, timeSteps: t)
      silentValues = part == 2 && fired == 0 && recorder == nil
    }
    if silentValues {
      attended.update(repeating: 0, count: mq * d)
      skippedAttentions += 1
    } else {
      attend(keys: m, queries: mq)
    }
    if let router = w.router { route(router, rows: mq) }
    w.output.apply(attended, lda: d, rows: mq, rate: Self.density(attended, count: mq * d), into: currents, ldy: d)
    let fired = outputNeuron.forward(currents, steps: 1, count: mq * d, saved: saved, spikes: spikes)
    recorder?.record(layer: "\(name).attn.snn_attn.out_proj.lif", spikes: fired, elements: mq * d, timeSteps: 1)
    let residual = h + (m - mq) * d
    if m - mq > 0 { h.update(from: residual, count: mq * d) }
    w.projection.apply(spikes, lda: d, rows: mq, rate: Double(fired) / Double(max(mq * d, 1)), into: h, ldy: d, accumulate: true)
    smr_layer_norm_forward(h, w.ln2Gamma, w.ln2Beta, c.layerNormEpsilon, mq, d, normalized, mean, rstd)
    w.fc.dense(normalized, lda: d, rows: mq, into: hidden, ldy: c.innerSize)
    activate(hidden, count: mq * c.innerSize)
    // After a ReLU many inputs are 0: the event-driven product skips them (bit-identical to the dense one).
    w.mlpProjection.apply(hidden, lda: c.innerSize, rows: mq, rate: Self.density(hidden, count: mq * c.innerSize), into: h, ldy: d,
      accumulate: true)
  }

  /// Phase gating of `spikes (T, rows, D)` by `gates (T, H)`.
  private func gate(_ values: UnsafeMutablePointer<Float>, rows: Int, gates: [Float]) {
    let c = model.configuration
    let (d, heads) = (c.hiddenSize, c.heads)
    let dh = d / heads
    for step in 0..<c.timeSteps {
      for r in 0..<rows {
        for k in 0..<heads where gates[step * heads + k] == 0 {
          (values + (step * rows + r) * d + k * dh).update(repeating: 0, count: dh)
        }
      }
    }
  }

  /// Softmax attention of the last `queries` rows of Q over keys `0...row` (counts in `counts`: Q, K, V); a head
  /// whose values are all zero (no V spikes) outputs zeros without its products.
  private func attend(keys m: Int, queries mq: Int) {
    let c = model.configuration
    let (d, heads) = (c.hiddenSize, c.heads)
    let dh = d / heads
    let first = m - mq
    let (q, k, v) = (counts + first * d, counts + m * d, counts + 2 * m * d)
    for head in 0..<heads {
      let offset = head * dh
      if Self.allZero(v + offset, rows: m, width: dh, stride: d) {  // no value spikes: the output is 0 whatever the scores
        for r in 0..<mq { (attended + r * d + offset).update(repeating: 0, count: dh) }
        continue
      }
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(mq), Int32(m), Int32(dh), 1 / Float(dh).squareRoot(),
        q + offset, Int32(d), k + offset, Int32(d), 0, scores, Int32(m))
      smr_masked_softmax(scores, mq, m, first, 1, nil)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(mq), Int32(dh), Int32(m), 1, scores, Int32(m),
        v + offset, Int32(d), 0, attended + offset, Int32(d))
    }
  }

  /// The fraction of non-zero values, which picks an `EventDrivenLinear`'s path.
  private static func density(_ x: UnsafePointer<Float>, count: Int) -> Double {
    Double(smr_count_nonzero(x, count)) / Double(max(count, 1))
  }

  /// Whether `rows × width` values `stride` apart are all zero.
  private static func allZero(_ x: UnsafePointer<Float>, rows: Int, width: Int, stride: Int) -> Bool {
    for r in 0..<rows { for j in 0..<width where x[r * stride + j] != 0 { return false } }
    return true
  }

  /// Dendritic routing of `attended (rows, D)`: gates `σ(W·(per-head sums) + b)` per head.
  private func route(_ router: (weight: [Float], bias: [Float]), rows: Int) {
    let c = model.configuration
    let (d, heads) = (c.hiddenSize, c.heads)
    let dh = d / heads
    for r in 0..<rows {
      let values = attended + r * d
      let sums = (0..<heads).map { k in (0..<dh).reduce(Float(0)) { $0 + values[k * dh + $1] } }
      for k in 0..<heads {
        var z: Float = 0
        for j in 0..<heads { z += router.weight[k * heads + j] * sums[j] }
        let gate = 1 / (1 + Foundation.exp(-(router.bias[k] + z)))
        for i in 0..<dh { values[k * dh + i] *= gate }
      }
    }
  }

  private func activate(_ values: UnsafeMutablePointer<Float>, count: Int) {
    switch model.configuration.activation {
    case .relu: smr_relu_forward(values, count, values)
    case .gelu:
      let k = Float((2 / Double.pi).squareRoot())
      for i in 0..<count { values[i] = 0.5 * values[i] * (1 + Foundation.tanh(k * (values[i] + 0.044715 * values[i] * values[i] * values[i]))) }
    }
  }
}
