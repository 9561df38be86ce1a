public import NeuralNetworks
public import SpikingLayers
public import TensorEngine

/// The SpikingMindRL SNN-DT: the kzl Decision Transformer (three tokens per step, timestep embedding,
/// embedding LayerNorm, pre-LN GPT-2 blocks, action from the state token) whose attention is spiking
/// self-attention (`SpikingSelfAttentionBlock`), with the seed's bugs fixed (causal and padding masks,
/// full-batch outputs) and the paper's phase gating and dendritic routing as options.
/// Parameters: `embed_*`, `transformer.h.<i>.*`, `transformer.ln_f`, `predict_action`.
public struct SNNDecisionTransformer: Sendable {
  /// The architecture.
  public let configuration: SNNDecisionTransformerConfiguration
  let embedding: TrajectoryEmbedding
  let blocks: [SpikingSelfAttentionBlock]
  let finalNorm: LayerNorm, head: Linear

  /// Describes the model.
  public init(configuration c: SNNDecisionTransformerConfiguration) {
    configuration = c
    embedding = TrajectoryEmbedding(
      stateDimension: c.stateDimension, actionDimension: c.actionDimension, width: c.hiddenSize,
      maxEpisodeLength: c.maxEpisodeLength, epsilon: c.layerNormEpsilon)
    blocks = (0..<c.layers).map { SpikingSelfAttentionBlock("transformer.h.\($0)", configuration: c) }
    finalNorm = LayerNorm("transformer.ln_f", width: c.hiddenSize, epsilon: c.layerNormEpsilon)
    head = Linear("predict_action", inputs: c.hiddenSize, outputs: c.actionDimension)
  }

  /// Freshly initialised parameters (seeded).
  public func initialParameters(seed: UInt64) -> ParameterStore {
    var store = ParameterStore()
    var generator = NormalGenerator(seed: seed)
    let std = configuration.initializationStd
    embedding.register(in: &store, generator: &generator, std: std)
    for block in blocks { block.register(in: &store, generator: &generator) }
    finalNorm.register(in: &store)
    head.register(in: &store, generator: &generator, std: std)
    return store
  }

  /// Action predictions `(B, K, actionDimension)`: tanh-squashed, or logits for discrete tasks.
  /// - Parameters:
  ///   - context: dropout settings (`.evaluation` for none).
  ///   - pass: where spikes are recorded, or nil.
  public func predictActions(
    _ batch: DecisionBatch, parameters p: ParameterBinding, context: inout ForwardContext, pass: SpikingPass? = nil
  ) -> Variable {
    let c = configuration
    var h = context.drop(embedding(batch, p))
    let padding = TrajectoryEmbedding.padding(batch)
    for block in blocks { h = block(h, padding: padding, context: &context, pass: pass, p) }
    let predictions = head(finalNorm(h.rows(start: 1, step: 3), p), p)
    return !c.discrete || c.tanhLogits ? predictions.tanh() : predictions
  }

  /// The training loss: cross-entropy (discrete) or MSE (continuous) over unpadded steps.
  public func loss(
    _ batch: DecisionBatch, parameters p: ParameterBinding, context: inout ForwardContext, pass: SpikingPass? = nil,
    normalizer: Float? = nil
  ) -> Variable {
    let predictions = predictActions(batch, parameters: p, context: &context, pass: pass)
    return DecisionLoss.masked(predictions, batch, actionDimension: configuration.actionDimension,
      discrete: configuration.discrete, normalizer: normalizer)
  }

  /// The action for the last step of one context (batch 1, no dropout; the tape path), padded as the DT.
  public func action(context: DecisionContext, parameters: ParameterStore, recorder: SpikeRecorder? = nil) -> [Float] {
    let c = configuration
    let batch = context.paddedWindow(contextLength: c.contextLength, stateDimension: c.stateDimension,
      actionDimension: c.actionDimension, actionPad: c.discrete ? 0 : -10)
    let tape = Tape()
    return tape.withoutGradients {
      var evaluation = ForwardContext.evaluation
      let pass = SpikingPass(mode: .evaluation, buffers: BufferStore(), recorder: recorder)
      let predictions = predictActions(batch, parameters: parameters.bind(to: tape), context: &evaluation, pass: pass)
      return Array(predictions.value.scalars.suffix(c.actionDimension))
    }
  }
}
