public import DecisionModels

/// The model families `train-offline` trains.
public enum ModelKind: String, Sendable, Equatable, Codable, CaseIterable {
  /// Decision SpikeFormer (spiking; TSSA/PSSA/SSSA, PTBN).
  case dsformer
  /// The SpikingMindRL SNN-DT (spiking attention in a kzl DT).
  case snndt
  /// The ANN Decision Transformer (kzl gym).
  case dt
}

/// A model's complete architecture, Codable (saved in every checkpoint).
public enum ModelConfiguration: Sendable, Equatable, Codable {
  /// Decision SpikeFormer.
  case dsformer(SpikingDecisionTransformerConfiguration)
  /// The SNN-DT.
  case snndt(SNNDecisionTransformerConfiguration)
  /// The ANN Decision Transformer.
  case dt(DecisionTransformerConfiguration)

  /// The family.
  public var kind: ModelKind {
    switch self {
    case .dsformer: .dsformer
    case .snndt: .snndt
    case .dt: .dt
    }
  }

  /// Observation length.
  public var stateDimension: Int {
    switch self {
    case .dsformer(let c): c.stateDimension
    case .snndt(let c): c.stateDimension
    case .dt(let c): c.stateDimension
    }
  }

  /// Action length (classes for discrete tasks).
  public var actionDimension: Int {
    switch self {
    case .dsformer(let c): c.actionDimension
    case .snndt(let c): c.actionDimension
    case .dt(let c): c.actionDimension
    }
  }

  /// Whether actions are classes.
  public var discrete: Bool {
    switch self {
    case .dsformer(let c): c.discrete
    case .snndt(let c): c.discrete
    case .dt(let c): c.discrete
    }
  }

  /// K, steps per window.
  public var contextLength: Int {
    switch self {
    case .dsformer(let c): c.contextLength
    case .snndt(let c): c.contextLength
    case .dt(let c): c.contextLength
    }
  }

  /// Whether the model spikes.
  public var isSpiking: Bool { kind != .dt }

  /// A one-line summary: `dsformer pssa/ptbn D128 L3 H1 T4 K20`.
  public var summary: String {
    switch self {
    case .dsformer(let c):
      "dsformer \(c.attention.rawValue)/\(c.normalization.rawValue) D\(c.hiddenSize) L\(c.layers) H\(c.heads) T\(c.timeSteps) K\(c.contextLength)"
    case .snndt(let c): "snndt D\(c.hiddenSize) L\(c.layers) H\(c.heads) T\(c.timeSteps) K\(c.contextLength)"
    case .dt(let c): "dt D\(c.hiddenSize) L\(c.layers) H\(c.heads) K\(c.contextLength)"
    }
  }

  enum CodingKeys: String, CodingKey { case kind, configuration }

  /// `{"kind": "dsformer", "configuration": {...}}`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(kind, forKey: .kind)
    switch self {
    case .dsformer(let c): try container.encode(c, forKey: .configuration)
    case .snndt(let c): try container.encode(c, forKey: .configuration)
    case .dt(let c): try container.encode(c, forKey: .configuration)
    }
  }

  /// Reads `{"kind": ..., "configuration": {...}}`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    switch try container.decode(ModelKind.self, forKey: .kind) {
    case .dsformer: self = .dsformer(try container.decode(SpikingDecisionTransformerConfiguration.self, forKey: .configuration))
    case .snndt: self = .snndt(try container.decode(SNNDecisionTransformerConfiguration.self, forKey: .configuration))
    case .dt: self = .dt(try container.decode(DecisionTransformerConfiguration.self, forKey: .configuration))
    }
  }

  /// Checks the fields.
  /// - Throws: `DecisionModelError.invalidConfiguration` naming the field.
  public func validate() throws(DecisionModelError) {
    switch self {
    case .dsformer(let c): try c.validate()
    case .snndt(let c): try c.validate()
    case .dt(let c):
      for (name, value) in [("hidden", c.hiddenSize), ("layers", c.layers), ("heads", c.heads), ("inner", c.innerSize),
        ("context", c.contextLength), ("max_ep_len", c.maxEpisodeLength), ("state_dim", c.stateDimension),
        ("act_dim", c.actionDimension)] where value < 1 {
        throw .invalidConfiguration(field: name, reason: "must be positive, got \(value)")
      }
      guard c.hiddenSize % c.heads == 0 else { throw .invalidConfiguration(field: "heads", reason: "\(c.heads) does not divide D = \(c.hiddenSize)") }
      guard c.dropout >= 0, c.dropout < 1 else { throw .invalidConfiguration(field: "dropout", reason: "must lie in [0, 1)") }
    }
  }
}
