import CBLAS
import CKernels
import Foundation
public import NeuralNetworks
import Parallelism

/// Batch-1 Decision Transformer inference for rollouts: no tape, buffers allocated once.
///
/// Computes what `DecisionTransformer.action(context:parameters:)` computes (equal up to rounding):
/// the window's `3n` tokens (`n = min(count, K)` steps) pass through the blocks; the last block computes
/// keys and values for every token but the query, attention, MLP and head only for the last state token
/// (the only output read). A context shorter than K is not padded: padded tokens receive weight
/// `exp(−10⁴) = 0` from every real token, so leaving them out changes nothing.
/// The weights are copied at creation (and packed for the product kernel when the CPU has AVX-512F or AVX2 + FMA);
/// later changes to the store are not seen. With `threads > 1` the token rows are split over a private
/// worker pool; keep BLAS single-threaded meanwhile (`BLASInfo.setThreads(1)`), or its own spinning
/// threads compete with the pool for the same cores. Not thread-safe: one runner per rollout thread.
public final class DecisionTransformerRunner {
  /// The model.
  public let model: DecisionTransformer
  private let weights: RunnerWeights
  private let pool: WorkerPool?
  private let barrier: SpinBarrier
  private let workspace: UnsafeMutablePointer<Float>
  private let h, normalized, qkv, attended, hidden, scores, mean, rstd: UnsafeMutablePointer<Float>
  private let x, y, query, attendedRow, hiddenRow, output: UnsafeMutablePointer<Float>
  private let packedAttention: UnsafeMutablePointer<Float>
  private let packedAttentionSize: Int

  /// Creates a runner for `model` with `parameters`.
  /// - Parameters:
  ///   - threads: threads for the matrix products, including the caller (default 1).
  /// - Throws: `DecisionModelError` when a parameter is missing or has the wrong shape.
  public convenience init(model: DecisionTransformer, parameters: ParameterStore, threads: Int = 1) throws(DecisionModelError) {
    try self.init(model: model, parameters: parameters, threads: threads, allowPacking: true)
  }

  /// As the public initialiser; `allowPacking: false` forces the BLAS path (tests).
  init(model: DecisionTransformer, parameters: ParameterStore, threads: Int, allowPacking: Bool) throws(DecisionModelError) {
    self.model = model
    weights = try RunnerWeights(model: model, store: parameters, allowPacking: allowPacking)
    pool = threads > 1 ? WorkerPool(threads: threads) : nil
    barrier = SpinBarrier(parties: max(threads, 1))
    let c = model.configuration
    let (t, d, f) = (3 * c.contextLength, c.hiddenSize, c.innerSize)
    let panel = Int(SMR_PANEL)
    let dh = d / max(c.heads, 1)
    // Per thread: the keys and values of one head packed for the product kernel.
    let packedPerThread = (t + panel - 1) / panel * panel * dh + (dh + panel - 1) / panel * panel * t
    let sizes = [
      t * d, t * d, 2 * t * 3 * d, t * d, t * f, t * t, t, t, d, d, d, d, f, c.actionDimension,
      max(threads, 1) * packedPerThread,
    ]
    let base = UnsafeMutablePointer<Float>.allocate(capacity: sizes.reduce(0, +))
    workspace = base
    var offsets = [0]
    for size in sizes { offsets.append(offsets[offsets.count - 1] + size) }
    let p = offsets.map { base + $0 }
    (h, normalized, qkv, attended, hidden, scores, mean, rstd) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7])
    (x, y, query, attendedRow, hiddenRow, output) = (p[8], p[9], p[10], p[11], p[12], p[13])
    (packedAttention, packedAttentionSize) = (p[14], packedPerThread)
  }

  deinit { workspace.deallocate() }

  /// The action for the last step of `context` (tanh-squashed) or the logits (discrete).
  /// - Parameter context: at least one step; only the last K are used.
  public func action(context: DecisionContext) -> [Float] {
    let c = model.configuration
    precondition(context.count > 0, "a Decision Transformer needs at least one step of context")
    let steps = min(context.count, c.contextLength)
    embed(context, steps: steps)
    let n = 3 * steps
    // Each thread takes a range of token rows through every block; the threads meet once per block,
    // after the QKV projection (attention reads every row's keys and values). QKV buffers alternate
    // between blocks, so a thread ahead never overwrites keys another thread still reads.
    let blocks = weights.blocks
    parallel { part, parts in
      let rows = (n * part / parts)..<(n * (part + 1) / parts)
      for (index, block) in blocks.enumerated() {
        let last = index == blocks.count - 1
        project(block, rows: rows, qkv: qkvBuffer(index), keysAndValuesOnly: last)
        barrier.wait()
        if !last { finish(block, tokens: n, rows: rows, qkv: qkvBuffer(index), part: part) }
      }
    }
    if let last = blocks.last {
      lastToken(last, tokens: n, qkv: qkvBuffer(blocks.count - 1))
    } else {
      x.update(from: h + (n - 2) * c.hiddenSize, count: c.hiddenSize)
    }
    let d = c.hiddenSize
    smr_layer_norm_forward(x, weights.finalNormWeight, weights.finalNormBias, c.layerNormEpsilon, 1, d, y, mean, rstd)
    output.update(from: weights.headBias, count: c.actionDimension)
    gemv(rows: c.actionDimension, columns: d, weights.headWeight, y, into: output)
    let result = Array(UnsafeBufferPointer(start: output, count: c.actionDimension))
    return c.discrete ? result : result.map { Foundation.tanh($0) }
  }

  /// Token embeddings `(R̂, s, a)` per step plus the timestep embedding, then the embedding layer norm.
  private func embed(_ context: DecisionContext, steps: Int) {
    let c = model.configuration
    let (d, sd, ad) = (c.hiddenSize, c.stateDimension, c.actionDimension)
    let start = context.count - steps
    context.states.withUnsafeBufferPointer { states in
      context.actions.withUnsafeBufferPointer { actions in
        guard let s0 = states.baseAddress, let a0 = actions.baseAddress else { return }
        for i in 0..<steps {
          let step = start + i
          let time = weights.timestep + max(0, min(context.timesteps[step], c.maxEpisodeLength - 1)) * d
          let rtg = context.returnsToGo[step]
          let row = h + 3 * i * d
          for k in 0..<d { row[k] = (weights.returnWeight[k] * rtg + weights.returnBias[k]) + time[k] }
          embedToken(weights.stateWeight, weights.stateBias, s0 + step * sd, inputs: sd, time: time, into: row + d)
          embedToken(weights.actionWeight, weights.actionBias, a0 + step * ad, inputs: ad, time: time, into: row + 2 * d)
        }
      }
    }
    smr_layer_norm_forward(
      h, weights.embeddingNormWeight, weights.embeddingNormBias, c.layerNormEpsilon, 3 * steps, d, h, mean, rstd)
  }

  /// `row = (b + W·u) + time` for a small input `u`.
  private func embedToken(
    _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ u: UnsafePointer<Float>, inputs: Int,
    time: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>
  ) {
    for k in 0..<model.configuration.hiddenSize {
      var sum: Float = 0
      for j in 0..<inputs { sum += w[k * inputs + j] * u[j] }
      row[k] = (b[k] + sum) + time[k]
    }
  }

  /// The QKV buffer of block `index` (two, alternating).
  private func qkvBuffer(_ index: Int) -> UnsafeMutablePointer<Float> {
    qkv + (index % 2) * 3 * model.configuration.contextLength * 3 * model.configuration.hiddenSize
  }

  /// `qkv[rows] = LN1(h[rows])·W_attnᵀ + b` (only the key and value columns for the last block).
  private func project(
    _ w: RunnerWeights.Block, rows: Range<Int>, qkv: UnsafeMutablePointer<Float>, keysAndValuesOnly: Bool
  ) {
    guard !rows.isEmpty else { return }
    let c = model.configuration
    let d = c.hiddenSize
    let (b, m) = (rows.lowerBound, rows.count)
    smr_layer_norm_forward(
      h + b * d, w.ln1Weight, w.ln1Bias, c.layerNormEpsilon, m, d, normalized + b * d, mean + b, rstd + b)
    if keysAndValuesOnly {
      gemm(m, normalized + b * d, d, w.keyValue, into: qkv + b * 3 * d + d, 3 * d, bias: w.attentionBias + d, Int32(SMR_BIAS))
    } else {
      gemm(m, normalized + b * d, d, w.attention, into: qkv + b * 3 * d, 3 * d, bias: w.attentionBias, Int32(SMR_BIAS))
    }
  }

  /// The rest of a block for `rows`: causal attention over the keys up to the range's end (later keys are
  /// masked), `h += proj(·)`, `h += MLP(LN2 h)`.
  private func finish(
    _ w: RunnerWeights.Block, tokens n: Int, rows: Range<Int>, qkv: UnsafeMutablePointer<Float>, part: Int
  ) {
    guard !rows.isEmpty else { return }
    let c = model.configuration
    let (d, f) = (c.hiddenSize, c.innerSize)
    let (b, m) = (rows.lowerBound, rows.count)
    if weights.packs { attendPacked(rows: rows, qkv: qkv, part: part) } else { attend(tokens: n, rows: rows, qkv: qkv) }
    let rowsOfH = h + b * d
    gemm(m, attended + b * d, d, w.projection, into: rowsOfH, d, bias: w.projectionBias, Int32(SMR_ACCUMULATE_BIAS))
    smr_layer_norm_forward(rowsOfH, w.ln2Weight, w.ln2Bias, c.layerNormEpsilon, m, d, normalized + b * d, mean + b, rstd + b)
    if c.activation == .relu {
      gemm(m, normalized + b * d, d, w.fc, into: hidden + b * f, f, bias: w.fcBias, Int32(SMR_BIAS_RELU))
    } else {
      gemm(m, normalized + b * d, d, w.fc, into: hidden + b * f, f, bias: w.fcBias, Int32(SMR_BIAS))
      activate(hidden + b * f, count: m * f)
    }
    gemm(m, hidden + b * f, f, w.output, into: rowsOfH, d, bias: w.outputBias, Int32(SMR_ACCUMULATE_BIAS))
  }

  /// Attention for `rows` with BLAS: scores against the keys up to the range's end, softmax, values.
  private func attend(tokens n: Int, rows: Range<Int>, qkv: UnsafeMutablePointer<Float>) {
    let c = model.configuration
    let (d, heads) = (c.hiddenSize, c.heads)
    let dh = d / heads
    let (b, e, m) = (rows.lowerBound, rows.upperBound, rows.count)
    let block = scores + b * n
    for head in 0..<heads {
      let (q, k, v) = (qkv + b * 3 * d + head * dh, qkv + d + head * dh, qkv + 2 * d + head * dh)
      cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(e), Int32(dh), 1 / Float(dh).squareRoot(), q,
        Int32(3 * d), k, Int32(3 * d), 0, block, Int32(e))
      smr_masked_softmax(block, m, e, b, 1, nil)
      cblas_sgemm(
        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(dh), Int32(e), 1, block, Int32(e), v,
        Int32(3 * d), 0, attended + b * d + head * dh, Int32(d))
    }
  }

  /// Attention for `rows` with the packed kernel: this thread packs `K/√d_h` and `V` of the keys up to the
  /// range's end, then takes the rows in blocks of 8, each against only the keys up to its own end.
  private func attendPacked(rows: Range<Int>, qkv: UnsafeMutablePointer<Float>, part: Int) {
    let c = model.configuration
    let (d, heads) = (c.hiddenSize, c.heads)
    let dh = d / heads
    let panel = Int(SMR_PANEL)
    let packedKeys = packedAttention + part * packedAttentionSize
    let packedValues = packedKeys + (3 * c.contextLength + panel - 1) / panel * panel * dh
    let end = rows.upperBound
    for head in 0..<heads {
      smr_pack_rows(qkv + d + head * dh, 3 * d, end, dh, 1 / Float(dh).squareRoot(), packedKeys)
      smr_pack_columns(qkv + 2 * d + head * dh, 3 * d, dh, end, packedValues)
      for start in stride(from: rows.lowerBound, to: end, by: 8) {
        let (stop, block) = (min(start + 8, end), scores + start * 3 * c.contextLength)
        let m = stop - start
        block.update(repeating: 0, count: m * stop)
        smr_packed_gemm(qkv + start * 3 * d + head * dh, 3 * d, packedKeys, m, stop, dh, block, stop, 0, (stop + panel - 1) / panel)
        smr_masked_softmax(block, m, stop, start, 1, nil)
        let out = attended + start * d + head * dh
        for r in 0..<m { (out + r * d).update(repeating: 0, count: dh) }
        smr_packed_gemm(block, stop, packedValues, m, dh, stop, out, d, 0, (dh + panel - 1) / panel)
      }
    }
  }

  /// The last block for the last state token (row `n − 2`) only, from every token's keys and values
  /// (already in `qkv`); the result goes to `x`.
  private func lastToken(_ w: RunnerWeights.Block, tokens n: Int, qkv: UnsafeMutablePointer<Float>) {
    let c = model.configuration
    let (d, f, heads) = (c.hiddenSize, c.innerSize, c.heads)
    let dh = d / heads
    let row = n - 2
    query.update(from: w.attentionBias, count: d)
    gemv(rows: d, columns: d, w.attentionWeight, normalized + row * d, into: query)
    for head in 0..<heads {
      let (k, v) = (qkv + d + head * dh, qkv + 2 * d + head * dh)
      cblas_sgemv(
        CblasRowMajor, CblasNoTrans, Int32(n), Int32(dh), 1 / Float(dh).squareRoot(), k, Int32(3 * d),
        query + head * dh, 1, 0, scores, 1)
      smr_masked_softmax(scores, 1, n, row, 0, nil)
      cblas_sgemv(
        CblasRowMajor, CblasTrans, Int32(n), Int32(dh), 1, v, Int32(3 * d), scores, 1, 0, attendedRow + head * dh, 1)
    }
    smr_add(h + row * d, w.projectionBias, d, x)
    gemv(rows: d, columns: d, w.projectionWeight, attendedRow, into: x)
    smr_layer_norm_forward(x, w.ln2Weight, w.ln2Bias, c.layerNormEpsilon, 1, d, y, mean, rstd)
    hiddenRow.update(from: w.fcBias, count: f)
    gemv(rows: f, columns: d, w.fcWeight, y, into: hiddenRow)
    activate(hiddenRow, count: f)
    smr_add(x, w.outputBias, d, x)
    gemv(rows: d, columns: f, w.outputWeight, hiddenRow, into: x)
  }

  /// `C (m×n, ldc) ⊕= A (m×k, lda) · Wᵀ` for a weight `W (n, k)` with the epilogue `mode` (`SMR_BIAS`:
  /// `C = AWᵀ + b`; `SMR_BIAS_RELU`: `max(AWᵀ + b, 0)`; `SMR_ACCUMULATE_BIAS`: `C += AWᵀ + b`): the packed
  /// kernel, or BLAS with separate bias and activation passes.
  private func gemm(
    _ m: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ w: RunnerMatrix, into c: UnsafeMutablePointer<Float>, _ ldc: Int,
    bias: UnsafePointer<Float>, _ mode: Int32
  ) {
    let (n, k) = (w.n, w.k)
    if let packed = w.packed {
      smr_packed_gemm_ex(a, lda, packed, m, n, k, c, ldc, 0, (n + Int(SMR_PANEL) - 1) / Int(SMR_PANEL), bias, mode)
      return
    }
    for row in 0..<m {
      let out = c + row * ldc
      if mode == Int32(SMR_ACCUMULATE_BIAS) { smr_add(out, bias, n, out) } else { out.update(from: bias, count: n) }
    }
    cblas_sgemm(
      CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), w.weight, Int32(k), 1,
      c, Int32(ldc))
    if mode == Int32(SMR_BIAS_RELU) { for row in 0..<m { smr_relu_forward(c + row * ldc, n, c + row * ldc) } }
  }

  /// Runs `body(part, parts)` for every part, on the pool's threads when there is a pool.
  private func parallel(_ body: (Int, Int) -> Void) {
    guard let pool else { return body(0, 1) }
    let parts = pool.threads
    pool.run { body($0, parts) }
  }

  /// `y (rows) += W (rows × columns) · v`.
  private func gemv(
    rows: Int, columns: Int, _ w: UnsafePointer<Float>, _ v: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>
  ) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, w, Int32(columns), v, 1, 1, out, 1)
  }

  /// The MLP activation in place.
  private func activate(_ values: UnsafeMutablePointer<Float>, count: Int) {
    switch model.configuration.activation {
    case .relu:
      smr_relu_forward(values, count, values)
    case .gelu:
      let c = Float((2 / Double.pi).squareRoot())
      for i in 0..<count {
        let v = values[i]
        values[i] = 0.5 * v * (1 + Foundation.tanh(c * (v + 0.044715 * v * v * v)))
      }
    }
  }
}
