public import NeuralNetworks
public import SpikingLayers
public import TensorEngine

/// A GPT-2 block of the SNN-DT whose attention is SpikingMindRL's spiking self-attention (MODELS.md §3.1),
/// bugs fixed:
///
///     a = LN₁(h);  e_t = σ(s·(clamp(a, 0, 1)·T − t))                   (rate code, t = 0..T−1)
///     q_t = LIF_q(W_q e_t + b_q), k_t, v_t likewise                     (LIF state carried over t)
///     [phase gating: q_t, k_t, v_t of head k pass when sin(ω_k t + φ_k) > 0]
///     Q = Σ_t q_t, K, V likewise                                       (spike counts 0..T)
///     O = softmax(QKᵀ/√d_h + causal + key padding) V                   (per head)
///     [dendritic routing: O_k ← σ(W_r·(Σ_c O_c)_heads + b_r)_k · O_k]
///     h ← h + c_proj(LIF_out(W_o O + b_o))                             (one step from a fresh state)
///     h ← h + Drop(c_proj'(act(c_fc(LN₂ h))))
///
/// Parameters: `<name>.ln_1`, `<name>.attn.snn_attn.{q,k,v,out}_proj.fc`, `<name>.attn.c_proj`, `<name>.ln_2`,
/// `<name>.mlp.c_fc`, `<name>.mlp.c_proj`; options `<name>.attn.snn_attn.positional_encoder.{omega,phi}`,
/// `<name>.attn.snn_attn.dendritic_router`. Spiking layers report as `<name>.attn.snn_attn.{q,k,v,out}_proj.lif`.
public struct SpikingSelfAttentionBlock: Sendable {
  /// The block's prefix (`transformer.h.<i>`).
  public let name: String
  let configuration: SNNDecisionTransformerConfiguration
  let ln1: LayerNorm, ln2: LayerNorm
  let query: Linear, key: Linear, value: Linear, output: Linear, projection: Linear, fc: Linear, mlpProjection: Linear
  let router: Linear

  /// Describes block `name`.
  public init(_ name: String, configuration c: SNNDecisionTransformerConfiguration) {
    self.name = name
    configuration = c
    let (d, f) = (c.hiddenSize, c.innerSize)
    let attention = "\(name).attn.snn_attn"
    ln1 = LayerNorm("\(name).ln_1", width: d, epsilon: c.layerNormEpsilon)
    ln2 = LayerNorm("\(name).ln_2", width: d, epsilon: c.layerNormEpsilon)
    query = Linear("\(attention).q_proj.fc", inputs: d, outputs: d)
    key = Linear("\(attention).k_proj.fc", inputs: d, outputs: d)
    value = Linear("\(attention).v_proj.fc", inputs: d, outputs: d)
    output = Linear("\(attention).out_proj.fc", inputs: d, outputs: d)
    router = Linear("\(attention).dendritic_router", inputs: c.heads, outputs: c.heads)
    projection = Linear("\(name).attn.c_proj", inputs: d, outputs: d)
    fc = Linear("\(name).mlp.c_fc", inputs: d, outputs: f)
    mlpProjection = Linear("\(name).mlp.c_proj", inputs: f, outputs: d)
  }

  var omegaName: String { "\(name).attn.snn_attn.positional_encoder.omega" }
  var phiName: String { "\(name).attn.snn_attn.positional_encoder.phi" }

  /// Registers the parameters: GPT-2's N(0, 0.02²) for the norms' neighbours (`ln`, `c_proj`, MLP), PyTorch's
  /// default for the spiking projections (created after GPT-2's initialisation in the seed), ω and φ
  /// uniform in [0, 2π).
  public func register(in store: inout ParameterStore, generator: inout NormalGenerator) {
    let c = configuration
    ln1.register(in: &store)
    for layer in [query, key, value, output] { layer.registerDefault(in: &store, generator: &generator) }
    if c.positionalGating {
      store[omegaName] = Tensor(shape: [c.heads], scalars: (0..<c.heads).map { _ in Float(generator.uniform() * 2 * .pi) })
      store[phiName] = Tensor(shape: [c.heads], scalars: (0..<c.heads).map { _ in Float(generator.uniform() * 2 * .pi) })
    }
    if c.dendriticRouting { router.registerDefault(in: &store, generator: &generator) }
    projection.register(in: &store, generator: &generator, std: c.initializationStd)
    ln2.register(in: &store)
    fc.register(in: &store, generator: &generator, std: c.initializationStd)
    mlpProjection.register(in: &store, generator: &generator, std: c.initializationStd)
  }

  /// Applies the block to `h` `(B, S, D)`.
  /// - Parameters:
  ///   - padding: additive key mask `(B, S)` (0 real, −10⁴ pad).
  ///   - context: dropout (the MLP's residual).
  ///   - pass: the recorder (no batch statistics in this model).
  public func callAsFunction(
    _ h: Variable, padding: [Float], context: inout ForwardContext, pass: SpikingPass?, _ p: ParameterBinding
  ) -> Variable {
    let c = configuration
    let (b, s, d) = (h.shape[0], h.shape[1], h.shape[2])
    let encoded = ln1(h, p).rateEncoded(steps: c.timeSteps, sharpness: c.rateSharpness)
    let counts = [(query, "q_proj"), (key, "k_proj"), (value, "v_proj")].map { linear, layer in
      var spikes = linear(encoded, p).spikes(c.neuron, layer: "\(name).attn.snn_attn.\(layer).lif", pass: pass)
      if c.positionalGating { spikes = spikes.phaseGated(omega: p[omegaName], phi: p[phiName], heads: c.heads) }
      return spikes.sumOverTime()
    }
    var noDropout = DropoutGenerator(seed: 0)
    var attended = Variable.concatenate(counts, axis: 2).causalSelfAttention(
      heads: c.heads, padding: padding, dropout: 0, generator: &noDropout)
    if c.dendriticRouting { attended = route(attended, p, batch: b, length: s) }
    let spikes = output(attended, p).reshaped([1, b, s, d])
      .spikes(c.outputNeuron, layer: "\(name).attn.snn_attn.out_proj.lif", pass: pass).reshaped([b, s, d])
    let residual = h + projection(spikes, p)
    let hidden = fc(ln2(residual, p), p)
    let activated = c.activation == .relu ? hidden.relu() : hidden.gelu()
    return context.drop(mlpProjection(activated, p), addedTo: residual)
  }

  /// Dendritic routing: per-head sums `(B, S, H)` → `σ(Linear)` gates re-weighting each head's outputs.
  func route(_ o: Variable, _ p: ParameterBinding, batch b: Int, length s: Int) -> Variable {
    let (heads, d) = (configuration.heads, configuration.hiddenSize)
    let perHead = o.reshaped([b, s, heads, d / heads])
    let gates = router(perHead.sum(axis: 3).reshaped([b, s, heads]), p).sigmoid().reshaped([b, s, heads, 1])
    return (perHead * gates).reshaped([b, s, d])
  }
}
