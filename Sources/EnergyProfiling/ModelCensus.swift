public import DecisionModels
public import SpikingLayers

/// The operations of one conventional forward of a model on a full K-step window, batch 1, layer by layer
/// (MODELS.md §1.12, §4.4–4.5): what the standard SNN energy estimate multiplies by firing rates and
/// energies. Counts include the time window T wherever a layer runs once per SNN step — and only there.
public struct ModelCensus: Sendable, Equatable, Codable {
  /// One layer's operations.
  public struct Layer: Sendable, Equatable, Codable {
    /// How the layer's operations are booked.
    public enum Kind: String, Sendable, Equatable, Codable {
      /// Fed by spikes: synaptic operations (accumulates) = input firing rate × dense operations.
      case spikeInput
      /// Fed by real values (embeddings, heads, the ANN): multiply-accumulates = dense operations.
      case realInput
      /// Spike-driven attention mixing: accumulates by the convention in `convention`.
      case mixing
    }

    /// The layer's name (its parameters' prefix).
    public let name: String
    /// The booking.
    public let kind: Kind
    /// Multiply-accumulates if every operand were dense (T included for per-step layers).
    public let denseOperations: Double
    /// The spiking layers feeding it: the input (spike-input layers), or the operands (mixing; see `convention`).
    public let inputs: [String]
    /// Output elements written per forward (activations or currents).
    public let outputs: Double
    /// How mixing operations are counted.
    public let convention: String?
  }

  /// The model's name.
  public let model: String
  /// Tokens per window and the time window.
  public let tokens: Int, timeSteps: Int
  /// The layers in forward order.
  public let layers: [Layer]
  /// Each spiking layer's neuron-steps per forward (neurons × T).
  public let neuronSteps: [String: Double]

  /// Decision SpikeFormer on K tokens.
  public static func dsformer(_ c: SpikingDecisionTransformerConfiguration) -> ModelCensus {
    let (l, t, d, f, a) = (Double(c.contextLength), Double(c.timeSteps), Double(c.hiddenSize), Double(c.innerSize), Double(c.actionDimension))
    let folded = c.normalization != .ln
    var layers: [Layer] = [
      Layer(name: "embed", kind: .realInput, denseOperations: l * Double(c.stateDimension + c.actionDimension + 1) * d, inputs: [], outputs: l * d, convention: nil),
      norm("embed_ln", elements: l * d),
    ]
    var neurons: [String: Double] = [:]
    for b in 0..<c.layers {
      let p = "transformer.transformer.blocks.\(b)"
      for lif in ["attn.first_lif", "attn.q_lif", "attn.k_lif", "attn.v_lif", "attn.attn_lif", "mlp.lif1"] { neurons["\(p).\(lif)"] = t * l * d }
      neurons["\(p).mlp.lif2"] = t * l * f
      for (name, norm) in [("q", "q_ln"), ("k", "k_ln"), ("v", "v_ln")] {
        layers.append(Layer(name: "\(p).attn.\(name)_m", kind: .spikeInput, denseOperations: t * l * d * d, inputs: ["\(p).attn.first_lif"], outputs: t * l * d, convention: nil))
        if !folded { layers.append(Self.norm("\(p).attn.\(norm)", elements: t * l * d)) }
      }
      layers.append(mixing(c, block: p, tokens: l, steps: t, width: d))
      layers.append(Layer(name: "\(p).attn.last_m", kind: .spikeInput, denseOperations: t * l * d * d, inputs: ["\(p).attn.attn_lif"], outputs: t * l * d, convention: nil))
      if !folded { layers.append(norm("\(p).attn.last_ln", elements: t * l * d)) }
      layers.append(Layer(name: "\(p).mlp.fc1", kind: .spikeInput, denseOperations: t * l * d * f, inputs: ["\(p).mlp.lif1"], outputs: t * l * f, convention: nil))
      if !folded { layers.append(norm("\(p).mlp.ln1", elements: t * l * f)) }
      layers.append(Layer(name: "\(p).mlp.fc2", kind: .spikeInput, denseOperations: t * l * f * d, inputs: ["\(p).mlp.lif2"], outputs: t * l * d, convention: nil))
      if !folded { layers.append(norm("\(p).mlp.ln2", elements: t * l * d)) }
    }
    if !folded { layers.append(norm("transformer.transformer.last_ln", elements: t * l * d)) }
    layers.append(Layer(name: "predict_action.0", kind: .realInput, denseOperations: l * d * a, inputs: [], outputs: l * a, convention: nil))
    return ModelCensus(model: "dsformer-\(c.attention.rawValue)-\(c.normalization.rawValue)", tokens: c.contextLength, timeSteps: c.timeSteps,
      layers: layers, neuronSteps: neurons)
  }

  /// A LayerNorm kept at inference: 4 multiply-accumulates per element (mean, variance, normalise, affine).
  static func norm(_ name: String, elements: Double) -> Layer {
    Layer(name: name, kind: .realInput, denseOperations: 4 * elements, inputs: [], outputs: elements, convention: "LayerNorm: 4 MACs per element")
  }

  /// DSFormer's attention mixing under the stated convention.
  static func mixing(_ c: SpikingDecisionTransformerConfiguration, block p: String, tokens l: Double, steps t: Double, width d: Double) -> Layer {
    let causal = l * (l + 1) / 2
    switch c.attention {
    case .pssa:
      let band = (0..<c.contextLength).reduce(0.0) { $0 + Double(min($1 + 1, c.window)) }
      return Layer(name: "\(p).attn.mix", kind: .mixing, denseOperations: t * band * d, inputs: ["\(p).attn.k_lif", "\(p).attn.v_lif"],
        outputs: t * l * d, convention: "PSSA: K⊙V and the Q gate are masks (0 energy); Bias·(K⊙V) is one accumulate per active K⊙V pair in the band: rate(K)·rate(V)·T·Σ_i min(i+1, w)·D")
    case .tssa, .sssa:
      return Layer(name: "\(p).attn.mix", kind: .mixing, denseOperations: 2 * t * causal * d, inputs: ["\(p).attn.q_lif", "\(p).attn.k_lif", "\(p).attn.v_lif"],
        outputs: t * l * d, convention: "\(c.attention.rawValue.uppercased()): Q·Kᵀ one accumulate per active Q∧K pair (rate(Q)·rate(K)·T·L(L+1)/2·D), A·V one accumulate per active V element (rate(V)·T·L(L+1)/2·D), causal entries only")
    }
  }

  /// The ANN Decision Transformer on 3K tokens (attention counted dense on the full N×N scores, as executed).
  public static func dt(_ c: DecisionTransformerConfiguration) -> ModelCensus {
    let (k, d, f, a, s) = (Double(c.contextLength), Double(c.hiddenSize), Double(c.innerSize), Double(c.actionDimension), Double(c.stateDimension))
    let n = 3 * k
    var layers = [
      Layer(name: "embed", kind: .realInput, denseOperations: k * (1 + s + a) * d, inputs: [], outputs: n * d, convention: "return, state and action Linears"),
      norm("embed_ln", elements: n * d),
    ]
    for b in 0..<c.layers {
      let p = "transformer.h.\(b)"
      layers += [
        norm("\(p).ln_1", elements: n * d),
        Layer(name: "\(p).attn.c_attn", kind: .realInput, denseOperations: n * d * 3 * d, inputs: [], outputs: 3 * n * d, convention: nil),
        Layer(name: "\(p).attn.scores", kind: .realInput, denseOperations: 2 * n * n * d, inputs: [], outputs: n * n, convention: "Q·Kᵀ and P·V, full N×N"),
        Layer(name: "\(p).attn.c_proj", kind: .realInput, denseOperations: n * d * d, inputs: [], outputs: n * d, convention: nil),
        norm("\(p).ln_2", elements: n * d),
        Layer(name: "\(p).mlp.c_fc", kind: .realInput, denseOperations: n * d * f, inputs: [], outputs: n * f, convention: nil),
        Layer(name: "\(p).mlp.c_proj", kind: .realInput, denseOperations: n * f * d, inputs: [], outputs: n * d, convention: nil),
      ]
    }
    layers += [norm("transformer.ln_f", elements: n * d),
      Layer(name: "predict_action", kind: .realInput, denseOperations: k * d * a, inputs: [], outputs: k * a, convention: nil)]
    return ModelCensus(model: "dt", tokens: 3 * c.contextLength, timeSteps: 1, layers: layers, neuronSteps: [:])
  }

  /// The SNN-DT on 3K tokens: rate-coded (real) inputs to Q/K/V, spike counts in a dense softmax attention,
  /// the output neuron's spikes into `c_proj`.
  public static func snndt(_ c: SNNDecisionTransformerConfiguration) -> ModelCensus {
    let (k, d, f, a, s, t) = (Double(c.contextLength), Double(c.hiddenSize), Double(c.innerSize), Double(c.actionDimension),
      Double(c.stateDimension), Double(c.timeSteps))
    let n = 3 * k
    var layers = [
      Layer(name: "embed", kind: .realInput, denseOperations: k * (1 + s + a) * d, inputs: [], outputs: n * d, convention: "return, state and action Linears"),
      norm("embed_ln", elements: n * d),
    ]
    var neurons: [String: Double] = [:]
    for b in 0..<c.layers {
      let p = "transformer.h.\(b)"
      let a = "\(p).attn.snn_attn"
      layers.append(norm("\(p).ln_1", elements: n * d))
      for proj in ["q_proj", "k_proj", "v_proj"] {
        layers.append(Layer(name: "\(a).\(proj).fc", kind: .realInput, denseOperations: t * n * d * d, inputs: [], outputs: t * n * d, convention: "rate-coded (real) input, every step"))
        neurons["\(a).\(proj).lif"] = t * n * d
      }
      layers += [
        Layer(name: "\(a).attention", kind: .realInput, denseOperations: 2 * n * n * d, inputs: [], outputs: n * n, convention: "softmax attention on spike counts (integers, not spikes): MACs"),
        Layer(name: "\(a).out_proj.fc", kind: .realInput, denseOperations: n * d * d, inputs: [], outputs: n * d, convention: nil),
        Layer(name: "\(p).attn.c_proj", kind: .spikeInput, denseOperations: n * d * d, inputs: ["\(a).out_proj.lif"], outputs: n * d, convention: nil),
        norm("\(p).ln_2", elements: n * d),
        Layer(name: "\(p).mlp.c_fc", kind: .realInput, denseOperations: n * d * f, inputs: [], outputs: n * f, convention: nil),
        Layer(name: "\(p).mlp.c_proj", kind: .realInput, denseOperations: n * f * d, inputs: [], outputs: n * d, convention: nil),
      ]
      neurons["\(a).out_proj.lif"] = n * d
    }
    layers += [norm("transformer.ln_f", elements: n * d),
      Layer(name: "predict_action", kind: .realInput, denseOperations: k * d * a, inputs: [], outputs: k * a, convention: nil)]
    return ModelCensus(model: "snndt", tokens: 3 * c.contextLength, timeSteps: c.timeSteps, layers: layers, neuronSteps: neurons)
  }
}
