public import NeuralNetworks
public import TensorEngine

/// The Decision Transformer's token embedding (kzl gym, MODELS.md §2.1): per step a return-to-go, a state
/// and an action token, each a Linear of its input plus a learned timestep embedding, interleaved
/// `(R̂₁, s₁, a₁, R̂₂, ...)` and layer-normalised: `(B, 3K, D)`. Parameters `embed_timestep`,
/// `embed_return`, `embed_state`, `embed_action`, `embed_ln`. Shared by the ANN DT and the SNN-DT.
public struct TrajectoryEmbedding: Sendable {
  let timestep: Embedding
  let returnEmbedding: Linear, stateEmbedding: Linear, actionEmbedding: Linear
  let norm: LayerNorm
  let stateDimension: Int, actionDimension: Int, width: Int, maxEpisodeLength: Int

  /// Describes the embedding.
  public init(stateDimension: Int, actionDimension: Int, width d: Int, maxEpisodeLength: Int, epsilon: Float) {
    (self.stateDimension, self.actionDimension, width, self.maxEpisodeLength) = (stateDimension, actionDimension, d, maxEpisodeLength)
    timestep = Embedding("embed_timestep", count: maxEpisodeLength, width: d)
    returnEmbedding = Linear("embed_return", inputs: 1, outputs: d)
    stateEmbedding = Linear("embed_state", inputs: stateDimension, outputs: d)
    actionEmbedding = Linear("embed_action", inputs: actionDimension, outputs: d)
    norm = LayerNorm("embed_ln", width: d, epsilon: epsilon)
  }

  /// Registers the tables and Linears (normal, `std`) and the norm (γ 1, β 0).
  public func register(in store: inout ParameterStore, generator: inout NormalGenerator, std: Double) {
    timestep.register(in: &store, generator: &generator, std: std)
    for layer in [returnEmbedding, stateEmbedding, actionEmbedding] { layer.register(in: &store, generator: &generator, std: std) }
    norm.register(in: &store)
  }

  /// The normalised tokens `(B, 3K, D)`; timesteps beyond the table are clamped to its last row.
  public func callAsFunction(_ batch: DecisionBatch, _ p: ParameterBinding) -> Variable {
    let tape = p.tape
    let (b, k, d) = (batch.batchSize, batch.contextLength, width)
    let time = timestep(batch.timesteps.map { min($0, maxEpisodeLength - 1) }, shape: [b, k], p)
    let returns = returnEmbedding(tape.constant(Tensor(shape: [b, k, 1], scalars: batch.returnsToGo)), p) + time
    let states = stateEmbedding(tape.constant(Tensor(shape: [b, k, stateDimension], scalars: batch.states)), p) + time
    let actions = actionEmbedding(tape.constant(Tensor(shape: [b, k, actionDimension], scalars: batch.actionInputs)), p) + time
    let tokens = Variable.concatenate([returns, states, actions].map { $0.reshaped([b, k, 1, d]) }, axis: 2)
      .reshaped([b, 3 * k, d])
    return norm(tokens, p)
  }

  /// The additive attention mask of the tokens: `(1 − m)·(−10⁴)` for each of a step's three tokens.
  public static func padding(_ batch: DecisionBatch) -> [Float] {
    batch.mask.flatMap { m in Array(repeating: (1 - m) * -1e4, count: 3) }
  }
}
