public import NeuralNetworks
public import SpikingLayers

/// The architecture of the SpikingMindRL SNN-DT (Pandey & Biswas, arXiv 2508.21505; MODELS.md Part 3),
/// with the seed's bugs fixed: causal and key-padding masks in the spiking attention, and the full batch's
/// attention output (the seed returned a bare tensor where GPT-2's block expects a tuple).
///
/// Defaults: the kzl DT's dimensions (D 128, 3 layers, 1 head, MLP 512, ReLU, dropout 0.1, K 20), the
/// seed's time window T 10 and rate-code sharpness 10, Norse's default LIF for the Q/K/V and output
/// neurons, no positional gating or dendritic routing (the paper's options), unbounded discrete logits.
public struct SNNDecisionTransformerConfiguration: Sendable, Equatable, Codable {
  /// Observation length.
  public var stateDimension: Int
  /// Action length (the number of actions for discrete tasks).
  public var actionDimension: Int
  /// Discrete actions: logits + cross-entropy (one-hot action tokens); else tanh + MSE.
  public var discrete: Bool
  /// Model width D (default 128).
  public var hiddenSize = 128
  /// Blocks (default 3).
  public var layers = 3
  /// Attention heads (default 1).
  public var heads = 1
  /// MLP width (default 512).
  public var innerSize = 512
  /// Dropout on embeddings and the MLP's residual during training (default 0.1).
  public var dropout: Float = 0.1
  /// Timestep embedding rows (default 1000).
  public var maxEpisodeLength = 1000
  /// Context length K in steps (default 20; 3K tokens).
  public var contextLength = 20
  /// MLP activation (default ReLU).
  public var activation = TransformerBlock.Activation.relu
  /// SNN time window T of the rate code and the Q/K/V neurons (default 10, the seed's).
  public var timeSteps = 10
  /// Sharpness s of the rate code `σ(s·(p·T − t))` (default 10).
  public var rateSharpness: Float = 10
  /// The Q, K, V neurons (state carried over the T steps; default Norse's LIF cell).
  public var neuron = NeuronModel.norse(NorseLIF())
  /// The output neuron (one step from a fresh state; default Norse's LIF cell).
  public var outputNeuron = NeuronModel.norse(NorseLIF())
  /// Phase-coded positional spike gating per head (the paper's option).
  public var positionalGating = false
  /// Dendritic head routing (the paper's option).
  public var dendriticRouting = false
  /// Bound discrete logits with tanh, as the seed's config did by accident (default false).
  public var tanhLogits = false
  /// Layer-norm ε (default 1e-5).
  public var layerNormEpsilon: Float = 1e-5
  /// Standard deviation of the GPT-2 initialisation (default 0.02).
  public var initializationStd = 0.02

  /// A configuration with the defaults for the given task dimensions.
  public init(stateDimension: Int, actionDimension: Int, discrete: Bool) {
    self.stateDimension = stateDimension
    self.actionDimension = actionDimension
    self.discrete = discrete
  }

  /// Checks the dimensions and the neurons.
  /// - Throws: `DecisionModelError.invalidConfiguration` naming the field.
  public func validate() throws(DecisionModelError) {
    let positive = [("state_dim", stateDimension), ("act_dim", actionDimension), ("hidden", hiddenSize), ("layers", layers),
      ("heads", heads), ("inner", innerSize), ("context", contextLength), ("time_steps", timeSteps), ("max_ep_len", maxEpisodeLength)]
    for (name, value) in positive where value < 1 { throw .invalidConfiguration(field: name, reason: "must be positive, got \(value)") }
    guard hiddenSize % heads == 0 else { throw .invalidConfiguration(field: "heads", reason: "\(heads) does not divide D = \(hiddenSize)") }
    guard dropout >= 0, dropout < 1 else { throw .invalidConfiguration(field: "dropout", reason: "must lie in [0, 1)") }
    do {
      try neuron.neuron.validate()
      try outputNeuron.neuron.validate()
    } catch { throw .invalidConfiguration(field: "neuron", reason: error.description) }
  }
}
