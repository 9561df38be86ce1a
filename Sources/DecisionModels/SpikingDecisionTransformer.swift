public import NeuralNetworks
public import SpikingLayers
public import TensorEngine

/// Decision SpikeFormer (Huang, Gu & Ye, CVPR 2025; MODELS.md §1.2–1.9, §1.14): return-conditioned
/// behaviour modelling with a spike-driven transformer.
///
/// One token per step, `[s_t, a_{t−1}, R̂_t]` (the actions shifted right inside the model, a zero action
/// at the first position; no timestep or positional embedding unless `timestepEmbedding` adds one):
/// `x = LN(W_e·token + b_e [+ E_t]) [+ W_r·R̂_t + b_r]` `[B, K, D]`,
/// repeated over T steps (direct encoding) to `[T, B, K, D]`, through the `SpikeFormerBlock`s, the final
/// norm, the mean over T, and the head `â = tanh(W_h·y + b_h)` (continuous; masked MSE) or logits
/// (discrete; masked cross-entropy) at every position. Key padding is masked in attention (mask 0 on pads).
///
/// Parameter and buffer names are the released code's `state_dict()` keys
/// (`transformer.transformer.blocks.<i>.*`, `transformer.transformer.last_ln.*`, `embed`, `embed_ln`,
/// `predict_action.0`), so weights load into the released PyTorch model.
public struct SpikingDecisionTransformer: Sendable {
  /// The architecture.
  public let configuration: SpikingDecisionTransformerConfiguration
  let embedding: Linear, embeddingNorm: LayerNorm, head: Linear
  let timestep: Embedding?
  let returnPath: Linear?
  let blocks: [SpikeFormerBlock]
  let finalNorm: TemporalNorm

  /// Describes the model.
  public init(configuration c: SpikingDecisionTransformerConfiguration) {
    configuration = c
    let d = c.hiddenSize
    embedding = Linear("embed", inputs: c.stateDimension + c.actionDimension + 1, outputs: d)
    embeddingNorm = LayerNorm("embed_ln", width: d, epsilon: c.normEpsilon)
    head = Linear("predict_action.0", inputs: d, outputs: c.actionDimension)
    timestep = c.timestepEmbedding.map { Embedding("embed_timestep", count: $0, width: d) }
    returnPath = c.returnEmbedding == true ? Linear("embed_return", inputs: 1, outputs: d) : nil
    blocks = (0..<c.layers).map { SpikeFormerBlock("transformer.transformer.blocks.\($0)", configuration: c) }
    finalNorm = TemporalNorm("transformer.transformer.last_ln", width: d, kind: c.normalization, epsilon: c.normEpsilon,
      includePaddingInStatistics: c.includePaddingInStatistics)
  }

  /// Freshly initialised parameters and buffers (seeded), as the released model initialises them.
  public func initialState(seed: UInt64) -> (parameters: ParameterStore, buffers: BufferStore) {
    var (store, buffers) = (ParameterStore(), BufferStore())
    var generator = NormalGenerator(seed: seed)
    for block in blocks { block.register(in: &store, buffers: &buffers, generator: &generator) }
    finalNorm.register(in: &store, buffers: &buffers, gamma: configuration.normGamma, scheduleSteps: configuration.progressiveSteps)
    embedding.registerDefault(in: &store, generator: &generator)
    embeddingNorm.register(in: &store)
    head.registerDefault(in: &store, generator: &generator)
    timestep?.register(in: &store, generator: &generator)  // last: the released parameters draw as before
    returnPath?.registerDefault(in: &store, generator: &generator)
    return (store, buffers)
  }

  /// The token inputs `[B, K, s + a + 1]`: state, the previous step's action (0 at the first position), return-to-go.
  func tokens(_ batch: DecisionBatch) -> Tensor {
    let c = configuration
    let (b, k, sd, ad) = (batch.batchSize, batch.contextLength, c.stateDimension, c.actionDimension)
    let width = sd + ad + 1
    var tokens = [Float](repeating: 0, count: b * k * width)
    for row in 0..<(b * k) {
      let base = row * width
      for i in 0..<sd { tokens[base + i] = batch.states[row * sd + i] }
      if row % k > 0 {
        let previous = row - 1
        let padded = batch.mask[previous] == 0 && c.actionPadding == .consistent
        for i in 0..<ad { tokens[base + sd + i] = padded ? 0 : batch.actionInputs[previous * ad + i] }
      }
      tokens[base + sd + ad] = batch.returnsToGo[row]
    }
    return Tensor(shape: [b, k, width], scalars: tokens)
  }

  /// Action predictions `(B, K, actionDimension)` (tanh-squashed, or logits for discrete tasks).
  /// - Parameters:
  ///   - batch: windows (normalised states, scaled returns-to-go, mask 0 on left padding).
  ///   - parameters: bound to a tape.
  ///   - pass: training or evaluation, the buffers, the spike recorder.
  ///   - lastPositionOnly: predictions `(B, 1, actionDimension)` for each window's last step only, the last
  ///     block's output projection and MLP on the last token (as the runner does); equal to the last position of
  ///     the full forward. Evaluation mode only (batch statistics would change).
  public func predictActions(
    _ batch: DecisionBatch, parameters p: ParameterBinding, pass: SpikingPass, lastPositionOnly: Bool = false
  ) -> Variable {
    var none = ForwardContext.evaluation
    return predictActions(batch, parameters: p, pass: pass, dropout: &none, lastPositionOnly: lastPositionOnly)
  }

  /// Action predictions `(B, K, actionDimension)` with dropout drawn from `context` (training with the
  /// `dropout` option: the embedding, then each block's attention and MLP branches, in that order).
  /// - Parameters:
  ///   - batch: windows (normalised states, scaled returns-to-go, mask 0 on left padding).
  ///   - parameters: bound to a tape.
  ///   - pass: training or evaluation, the buffers, the spike recorder.
  ///   - context: the dropout rate and generator (advanced by one key per dropped tensor when the rate is > 0).
  ///   - lastPositionOnly: as in `predictActions(_:parameters:pass:lastPositionOnly:)`.
  public func predictActions(
    _ batch: DecisionBatch, parameters p: ParameterBinding, pass: SpikingPass, dropout context: inout ForwardContext,
    lastPositionOnly: Bool = false
  ) -> Variable {
    let c = configuration
    let tape = p.tape
    precondition(batch.contextLength <= c.contextLength, "a window of \(batch.contextLength) steps exceeds K = \(c.contextLength)")
    precondition(!lastPositionOnly || pass.mode == .evaluation, "last-position forwards are exact in evaluation mode only")
    var projected = embedding(tape.constant(tokens(batch)), p)
    if let timestep {
      let rows = batch.timesteps.map { min(max($0, 0), timestep.count - 1) }
      projected = projected + timestep(rows, shape: [batch.batchSize, batch.contextLength], p)
    }
    var normalized = embeddingNorm(projected, p)
    if let returnPath {
      let rtg = Tensor(shape: [batch.batchSize, batch.contextLength, 1], scalars: batch.returnsToGo)
      normalized = normalized + returnPath(p.tape.constant(rtg), p)
    }
    let embedded = context.drop(normalized)
    var x = embedded.repeatedOverTime(c.timeSteps)
    let rowMask: [Float]? = c.includePaddingInStatistics ? nil : Array((0..<c.timeSteps).map { _ in batch.mask }.joined())
    for (index, block) in blocks.enumerated() {
      let last = lastPositionOnly && index == blocks.count - 1
      x = block(x, p, pass: pass, dropout: &context, keyMask: batch.mask, rowMask: rowMask, lastTokenOnly: last)
    }
    let k = batch.contextLength
    if lastPositionOnly, blocks.isEmpty { x = x.slice(axis: 2, (k - 1)..<k) }
    let finalRows = lastPositionOnly ? rowMask.map { mask in stride(from: k - 1, to: mask.count, by: k).map { mask[$0] } } : rowMask
    let y = finalNorm(x, p, pass: pass, rowMask: finalRows).meanOverTime()
    let predictions = head(y, p)
    return c.discrete ? predictions : predictions.tanh()
  }

  /// The training loss: cross-entropy (discrete) or MSE (continuous) over unpadded steps.
  /// - Parameter normalizer: the number of real steps to divide by when `batch` is a shard of a larger batch.
  /// - Parameter context: dropout (nil: none).
  public func loss(
    _ batch: DecisionBatch, parameters p: ParameterBinding, pass: SpikingPass, normalizer: Float? = nil,
    dropout context: ForwardContext? = nil
  ) -> Variable {
    var dropout = context ?? .evaluation
    let predictions = predictActions(batch, parameters: p, pass: pass, dropout: &dropout)
    return DecisionLoss.masked(predictions, batch, actionDimension: configuration.actionDimension,
      discrete: configuration.discrete, normalizer: normalizer)
  }
}
