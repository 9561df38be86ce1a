import Foundation
public import NeuralNetworks
public import TensorEngine

/// The Decision Transformer (Chen et al., NeurIPS 2021) with the kzl gym architecture.
///
/// Each step contributes three tokens — return-to-go, state, action — embedded by linear layers plus
/// a learned timestep embedding, interleaved `(R̂₁, s₁, a₁, R̂₂, ...)`, layer-normalised and passed
/// through pre-LN GPT-2 blocks without positional embeddings; the state token's output predicts the
/// action (tanh for continuous actions, logits for discrete ones). Padded steps (mask 0) are hidden
/// from attention by an additive −10⁴ and excluded from the loss.
/// Parameters (dotted names): `embed_timestep`, `embed_return`, `embed_state`, `embed_action`,
/// `embed_ln`, `transformer.h.<i>.*`, `transformer.ln_f`, `predict_action`.
public struct DecisionTransformer: Sendable {
  /// The architecture.
  public let configuration: DecisionTransformerConfiguration
  let timestep: Embedding
  let returnEmbedding: Linear, stateEmbedding: Linear, actionEmbedding: Linear, actionHead: Linear
  let embeddingNorm: LayerNorm, finalNorm: LayerNorm
  let blocks: [TransformerBlock]

  /// Describes the model.
  public init(configuration c: DecisionTransformerConfiguration) {
    configuration = c
    let d = c.hiddenSize
    timestep = Embedding("embed_timestep", count: c.maxEpisodeLength, width: d)
    returnEmbedding = Linear("embed_return", inputs: 1, outputs: d)
    stateEmbedding = Linear("embed_state", inputs: c.stateDimension, outputs: d)
    actionEmbedding = Linear("embed_action", inputs: c.actionDimension, outputs: d)
    actionHead = Linear("predict_action", inputs: d, outputs: c.actionDimension)
    embeddingNorm = LayerNorm("embed_ln", width: d, epsilon: c.layerNormEpsilon)
    finalNorm = LayerNorm("transformer.ln_f", width: d, epsilon: c.layerNormEpsilon)
    blocks = (0..<c.layers).map {
      TransformerBlock(
        "transformer.h.\($0)", width: d, heads: c.heads, inner: c.innerSize, activation: c.activation,
        epsilon: c.layerNormEpsilon)
    }
  }

  /// Freshly initialised parameters (seeded).
  public func initialParameters(seed: UInt64) -> ParameterStore {
    var store = ParameterStore()
    var generator = NormalGenerator(seed: seed)
    let std = configuration.initializationStd
    timestep.register(in: &store, generator: &generator, std: std)
    for layer in [returnEmbedding, stateEmbedding, actionEmbedding] { layer.register(in: &store, generator: &generator, std: std) }
    embeddingNorm.register(in: &store)
    for block in blocks { block.register(in: &store, generator: &generator) }
    finalNorm.register(in: &store)
    actionHead.register(in: &store, generator: &generator, std: std)
    return store
  }

  /// Action predictions for a batch of windows: `(B, K, actionDimension)` (tanh-squashed or logits).
  /// - Parameters:
  ///   - batch: the windows (states normalised, returns-to-go scaled, left padding with mask 0).
  ///   - parameters: the parameters bound to a tape.
  ///   - context: dropout settings (`.evaluation` for none).
  public func predictActions(
    _ batch: DecisionBatch, parameters p: ParameterBinding, context: inout ForwardContext
  ) -> Variable {
    let tape = p.tape
    let (b, k, d) = (batch.batchSize, batch.contextLength, configuration.hiddenSize)
    let time = timestep(batch.timesteps.map { min($0, configuration.maxEpisodeLength - 1) }, shape: [b, k], p)
    let returns = returnEmbedding(tape.constant(Tensor(shape: [b, k, 1], scalars: batch.returnsToGo)), p) + time
    let states = stateEmbedding(tape.constant(Tensor(shape: [b, k, configuration.stateDimension], scalars: batch.states)), p) + time
    let actions = actionEmbedding(tape.constant(Tensor(shape: [b, k, configuration.actionDimension], scalars: batch.actionInputs)), p) + time
    let tokens = Variable.concatenate([returns, states, actions].map { $0.reshaped([b, k, 1, d]) }, axis: 2)
      .reshaped([b, 3 * k, d])
    var h = context.drop(embeddingNorm(tokens, p))
    let padding = batch.mask.flatMap { m in Array(repeating: (1 - m) * -1e4, count: 3) }
    // Only the state tokens' outputs are read: the last block computes just those rows (after the keys
    // and values of every token), which gives the same predictions as the full stack at ~1/6 less work.
    for (index, block) in blocks.enumerated() {
      let last = index == blocks.count - 1
      h = block(h, padding: padding, outputs: last ? (start: 1, step: 3) : nil, context: &context, p)
    }
    if blocks.isEmpty { h = h.rows(start: 1, step: 3) }
    let predictions = actionHead(finalNorm(h, p), p)
    return configuration.discrete ? predictions : predictions.tanh()
  }

  /// The training loss: cross-entropy (discrete) or MSE (continuous) over unpadded steps.
  /// - Parameter normalizer: the number of real steps to divide by, when `batch` is a shard of a larger
  ///   batch (default: this batch's own count).
  public func loss(
    _ batch: DecisionBatch, parameters p: ParameterBinding, context: inout ForwardContext, normalizer: Float? = nil
  ) -> Variable {
    let predictions = predictActions(batch, parameters: p, context: &context)
    return DecisionLoss.masked(predictions, batch, actionDimension: configuration.actionDimension,
      discrete: configuration.discrete, normalizer: normalizer)
  }
}
