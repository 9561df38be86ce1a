public import NeuralNetworks
public import SpikingLayers
public import TensorEngine

/// One decoder block of Decision SpikeFormer on the real-valued membrane-shortcut stream `X [T, B, L, D]`
/// (MODELS.md §1.7, the Spike-driven Transformer's MS residual):
///
///     S = LIF(X);  Q = LIF(Norm_q(W_q S)),  K = LIF(Norm_k(W_k S)),  V = LIF(Norm_v(W_v S))
///     X ← X + Drop(Norm_o(W_o · LIF(Mix(Q, K, V))))          (Mix: SSSA, TSSA or PSSA)
///     X ← X + Drop(Norm_2(W_2 · LIF(Norm_1(W_1 · LIF(X)))))   (MLP width 4D)
///
/// (`Drop`: the identity unless the model's `dropout` option is set, in training.)
///
/// Every Linear reads binary spikes. Parameter and buffer names are the released code's
/// (`<name>.attn.q_m`, `.attn.q_ln`, ..., `.attn.pos_bias`, `.attn.local_mask`, `.mlp.fc1`, `.mlp.ln1`, ...);
/// spiking layers report as `<name>.attn.first_lif`, `q_lif`, `k_lif`, `v_lif`, `attn_lif`, `<name>.mlp.lif1`, `lif2`.
public struct SpikeFormerBlock: Sendable {
  /// The block's prefix (`transformer.transformer.blocks.<i>`).
  public let name: String
  let configuration: SpikingDecisionTransformerConfiguration
  let query: Linear, key: Linear, value: Linear, output: Linear, fc1: Linear, fc2: Linear
  let queryNorm: TemporalNorm, keyNorm: TemporalNorm, valueNorm: TemporalNorm, outputNorm: TemporalNorm
  let norm1: TemporalNorm, norm2: TemporalNorm

  /// Describes block `name` of a model.
  public init(_ name: String, configuration c: SpikingDecisionTransformerConfiguration) {
    self.name = name
    configuration = c
    let (d, f) = (c.hiddenSize, c.innerSize)
    func norm(_ suffix: String, _ width: Int) -> TemporalNorm {
      TemporalNorm("\(name).\(suffix)", width: width, kind: c.normalization, epsilon: c.normEpsilon,
        includePaddingInStatistics: c.includePaddingInStatistics)
    }
    query = Linear("\(name).attn.q_m", inputs: d, outputs: d)
    key = Linear("\(name).attn.k_m", inputs: d, outputs: d)
    value = Linear("\(name).attn.v_m", inputs: d, outputs: d)
    output = Linear("\(name).attn.last_m", inputs: d, outputs: d)
    fc1 = Linear("\(name).mlp.fc1", inputs: d, outputs: f)
    fc2 = Linear("\(name).mlp.fc2", inputs: f, outputs: d)
    (queryNorm, keyNorm, valueNorm, outputNorm) = (norm("attn.q_ln", d), norm("attn.k_ln", d), norm("attn.v_ln", d), norm("attn.last_ln", d))
    (norm1, norm2) = (norm("mlp.ln1", f), norm("mlp.ln2", d))
  }

  /// The positional matrix's name (PSSA only).
  public var positionsName: String { "\(name).attn.pos_bias" }
  /// The band mask's name (PSSA only; a boolean buffer in the released code).
  public var bandMaskName: String { "\(name).attn.local_mask" }

  /// The attention's projections with their norms, in order Q, K, V.
  var projections: [(Linear, TemporalNorm, String)] {
    [(query, queryNorm, "q_lif"), (key, keyNorm, "k_lif"), (value, valueNorm, "v_lif")]
  }

  /// Registers parameters (Linears N(0, 0.02²) with zero bias, norms γ = V_th, PSSA matrix of ones) and buffers.
  public func register(in store: inout ParameterStore, buffers: inout BufferStore, generator: inout NormalGenerator) {
    let c = configuration
    if c.attention == .pssa {
      store[positionsName] = Tensor(repeating: 1, shape: [c.contextLength, c.contextLength])
      let k = c.contextLength
      buffers[mask: bandMaskName] = Tensor(shape: [k, k], scalars: (0..<(k * k)).map { abs($0 / k - $0 % k) < c.window ? 1 : 0 })
    }
    let steps = c.progressiveSteps
    for (linear, norm, _) in projections + [(output, outputNorm, "")] {
      linear.register(in: &store, generator: &generator)
      norm.register(in: &store, buffers: &buffers, gamma: c.normGamma, scheduleSteps: steps)
    }
    fc1.register(in: &store, generator: &generator)
    norm1.register(in: &store, buffers: &buffers, gamma: c.normGamma, scheduleSteps: steps)
    fc2.register(in: &store, generator: &generator)
    norm2.register(in: &store, buffers: &buffers, gamma: c.normGamma, scheduleSteps: steps)
  }

  /// `X + Attn(X)` then `+ MLP(·)`.
  /// - Parameters:
  ///   - x: the stream `[T, B, L, D]`.
  ///   - keyMask: `(B, L)` 1 for real tokens; rowMask: `(T·B·L)` for norms excluding padding (or nil).
  ///   - context: dropout on the two branches before they join the stream (rate 0: none).
  ///   - lastTokenOnly: after the attention, continue with each window's last token only (`[T, B, 1, D]` out):
  ///     what a loss on the last position needs from the last block. Exact only where the norms are per token
  ///     or use running statistics (evaluation mode), which the caller ensures.
  public func callAsFunction(
    _ x: Variable, _ p: ParameterBinding, pass: SpikingPass, dropout context: inout ForwardContext, keyMask: [Float],
    rowMask: [Float]?, lastTokenOnly: Bool = false
  ) -> Variable {
    let c = configuration
    let s = x.spikes(c.neuron, layer: "\(name).attn.first_lif", pass: pass)
    let qkv = projections.map { linear, norm, lif in
      norm(Self.spiking(linear, s, p), p, pass: pass, rowMask: rowMask).spikes(c.neuron, layer: "\(name).attn.\(lif)", pass: pass)
    }
    let mixed: Variable
    switch c.attention {
    case .pssa:
      mixed = Variable.positionalSpikingAttention(
        q: qkv[0], k: qkv[1], v: qkv[2], positions: p[positionsName], window: c.window, keyMask: keyMask)
    case .tssa:
      mixed = Variable.temporalSpikingAttention(q: qkv[0], k: qkv[1], v: qkv[2], heads: c.heads, keyMask: keyMask)
    case .sssa:
      mixed = Variable.stepSpikingAttention(q: qkv[0], k: qkv[1], v: qkv[2], heads: c.heads, keyMask: keyMask)
    }
    var attended = mixed.spikes(c.neuron, layer: "\(name).attn.attn_lif", pass: pass)
    var (stream, rows) = (x, rowMask)
    if lastTokenOnly {
      let length = x.shape[2]
      (stream, attended) = (x.slice(axis: 2, (length - 1)..<length), attended.slice(axis: 2, (length - 1)..<length))
      rows = rowMask.map { mask in stride(from: length - 1, to: mask.count, by: length).map { mask[$0] } }
    }
    let h = context.drop(outputNorm(Self.spiking(output, attended, p), p, pass: pass, rowMask: rows), addedTo: stream)
    let input = h.spikes(c.neuron, layer: "\(name).mlp.lif1", pass: pass)
    let hidden = norm1(Self.spiking(fc1, input, p), p, pass: pass, rowMask: rows)
      .spikes(c.neuron, layer: "\(name).mlp.lif2", pass: pass)
    return context.drop(norm2(Self.spiking(fc2, hidden, p), p, pass: pass, rowMask: rows), addedTo: h)
  }

  /// A Linear on spikes `[T, B, L, D]`, event-driven and grouped over T (`spikeLinear`).
  static func spiking(_ linear: Linear, _ spikes: Variable, _ p: ParameterBinding) -> Variable {
    spikes.spikeLinear(weight: p["\(linear.name).weight"], bias: p["\(linear.name).bias"], timeSteps: spikes.shape[0])
  }
}
