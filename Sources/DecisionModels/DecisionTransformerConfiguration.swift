public import NeuralNetworks

/// The Decision Transformer's architecture (defaults: the kzl gym configuration, MODELS.md §2).
public struct DecisionTransformerConfiguration: Sendable, Equatable, Codable {
  /// Observation length.
  public var stateDimension: Int
  /// Action length (the number of actions for discrete tasks).
  public var actionDimension: Int
  /// Discrete actions: logits + cross-entropy (one-hot action tokens); else tanh + MSE.
  public var discrete: Bool
  /// Model width D (default 128).
  public var hiddenSize = 128
  /// Transformer blocks (default 3).
  public var layers = 3
  /// Attention heads (default 1).
  public var heads = 1
  /// MLP width (default 4D = 512).
  public var innerSize = 512
  /// Dropout on embeddings, attention and residuals during training (default 0.1).
  public var dropout: Float = 0.1
  /// Timestep embedding rows (default 1000); later timesteps are clamped to the last row.
  public var maxEpisodeLength = 1000
  /// Context length K in steps (default 20; 3K tokens).
  public var contextLength = 20
  /// MLP activation (default ReLU, as kzl's `--activation_function relu`).
  public var activation = TransformerBlock.Activation.relu
  /// Layer-norm ε (default 1e-5).
  public var layerNormEpsilon: Float = 1e-5
  /// Standard deviation of the normal initialisation (default 0.02, GPT-2).
  public var initializationStd = 0.02

  /// A configuration with the kzl defaults for the given task dimensions.
  public init(stateDimension: Int, actionDimension: Int, discrete: Bool) {
    self.stateDimension = stateDimension
    self.actionDimension = actionDimension
    self.discrete = discrete
  }
}
