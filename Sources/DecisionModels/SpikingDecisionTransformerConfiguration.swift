public import SpikingLayers

/// The architecture of Decision SpikeFormer (DSFormer, Huang, Gu & Ye, CVPR 2025; MODELS.md Part 1).
///
/// Defaults are the paper's model in the released code's dimensions for gym: D 128 (the paper's runs use
/// 256), 3 layers, 1 head, T 4, K 20, PSSA with a window of 8, PTBN (the paper's; the released script
/// hard-codes LN), DSFormer's LIF, MLP width 4D, consistent action padding.
public struct SpikingDecisionTransformerConfiguration: Sendable, Equatable, Codable {
  /// How padded steps' action inputs are filled.
  public enum ActionPadding: String, Sendable, Equatable, Codable {
    /// Padded actions are 0 in training and inference alike (default).
    case consistent
    /// As released: the training batch's pads as given (−10 from the window sampler), 0 at inference.
    case released
  }

  /// Observation length.
  public var stateDimension: Int
  /// Action length (the number of actions for discrete tasks).
  public var actionDimension: Int
  /// Discrete actions: logits + cross-entropy on one-hot action inputs; else tanh + MSE.
  public var discrete: Bool
  /// Model width D (default 128).
  public var hiddenSize = 128
  /// Decoder blocks (default 3).
  public var layers = 3
  /// Attention heads (default 1).
  public var heads = 1
  /// SNN time window T (default 4).
  public var timeSteps = 4
  /// Context length K in steps = tokens (default 20; the PSSA matrix is K × K).
  public var contextLength = 20
  /// The spiking attention (default PSSA).
  public var attention = SpikingAttentionKind.pssa
  /// PSSA's band: keys `i − window < j ≤ i` (default 8).
  public var window = 8
  /// The normalisation of every backbone norm (default PTBN).
  public var normalization = NormalizationKind.ptbn
  /// The neuron of every spiking layer (default DSFormer's LIF).
  public var neuron = NeuronModel.dsformer(DSFormerLIF())
  /// MLP width as a multiple of D (default 4).
  public var mlpRatio = 4
  /// PTBN's ramp in training forwards (`total_step`; the trainer sets it to the fraction of its steps).
  public var progressiveSteps = 2000
  /// Padded tokens enter the BN statistics (default true, as released).
  public var includePaddingInStatistics = true
  /// Action padding (default consistent).
  public var actionPadding = ActionPadding.consistent
  /// Layer/batch-norm ε (default 1e-5).
  public var normEpsilon: Float = 1e-5
  /// Rows of an optional learned timestep embedding (`embed_timestep`, N(0, 0.02²)), added to each token's
  /// `W_e·token + b_e` before `embed_ln` as the ANN DT does; timesteps beyond the table use its last row. Not
  /// in the released model (nil, the default): an option for tasks whose returns-to-go mean little without the
  /// time left (measured on Pendulum-v1, RESULTS.md).
  public var timestepEmbedding: Int?
  /// Inverted dropout in training on the embedding (after `embed_ln`, the same mask over T) and on each
  /// block's two residual branches before they join the membrane shortcut, as the ANN DT drops (nil, the
  /// default: none, as released). No parameters: checkpoints still load into the released PyTorch code, whose
  /// evaluation forward it equals (dropout is the identity there).
  public var dropout: Float?
  /// A separate return-to-go path (`embed_return`, Linear 1 → D, PyTorch's default initialisation): its output is
  /// added to the token after `embed_ln`, so R̂ reaches the blocks without being normalised together with the state
  /// (the ANN DT gives R̂ a token of its own). Not in the released model (nil or false, the default).
  public var returnEmbedding: Bool?

  /// A configuration with the defaults for the given task dimensions.
  public init(stateDimension: Int, actionDimension: Int, discrete: Bool) {
    self.stateDimension = stateDimension
    self.actionDimension = actionDimension
    self.discrete = discrete
  }

  /// The MLP's hidden width.
  public var innerSize: Int { mlpRatio * hiddenSize }

  /// The threshold-dependent initial γ of the backbone norms: the neuron's threshold (0.5 for DSFormer's LIF).
  public var normGamma: Float {
    switch neuron {
    case .dsformer(let n): n.threshold
    case .norse(let n): n.threshold
    case .spikingJelly(let n): n.threshold
    case .integrateAndFire(let n): n.threshold
    }
  }

  /// Checks the dimensions and the neuron.
  /// - Throws: `DecisionModelError.invalidConfiguration` naming the field.
  public func validate() throws(DecisionModelError) {
    let positive = [("state_dim", stateDimension), ("act_dim", actionDimension), ("hidden", hiddenSize), ("layers", layers),
      ("heads", heads), ("time_steps", timeSteps), ("context", contextLength), ("window", window), ("mlp_ratio", mlpRatio)]
    for (name, value) in positive where value < 1 { throw .invalidConfiguration(field: name, reason: "must be positive, got \(value)") }
    guard hiddenSize % heads == 0 else { throw .invalidConfiguration(field: "heads", reason: "\(heads) does not divide D = \(hiddenSize)") }
    if let rows = timestepEmbedding, rows < 1 {
      throw .invalidConfiguration(field: "timestep_embedding", reason: "must be positive, got \(rows)")
    }
    if let rate = dropout, !(rate >= 0 && rate < 1) {
      throw .invalidConfiguration(field: "dropout", reason: "must lie in [0, 1), got \(rate)")
    }
    guard progressiveSteps >= 0 else { throw .invalidConfiguration(field: "progressive_steps", reason: "must not be negative") }
    do { try neuron.neuron.validate() } catch { throw .invalidConfiguration(field: "neuron", reason: error.description) }
  }
}
