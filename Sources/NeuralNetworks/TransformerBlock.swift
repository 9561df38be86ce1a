import Foundation
public import TensorEngine

/// What a forward pass needs besides parameters: dropout and its seeded generator.
public struct ForwardContext {
  /// The dropout probability (0 in evaluation).
  public var dropout: Float
  /// The generator dropout masks are drawn from.
  public var generator: DropoutGenerator

  /// Creates a context.
  public init(dropout: Float, seed: UInt64) {
    self.dropout = dropout
    generator = DropoutGenerator(seed: seed)
  }

  /// Evaluation: no dropout.
  public static var evaluation: ForwardContext { ForwardContext(dropout: 0, seed: 0) }

  /// Applies dropout with this context's rate and generator.
  public mutating func drop(_ x: Variable) -> Variable {
    x.dropout(rate: dropout, generator: &generator)
  }

  /// `residual + dropout(x)` with this context's rate and generator (one fused operation).
  public mutating func drop(_ x: Variable, addedTo residual: Variable) -> Variable {
    x.dropout(rate: dropout, generator: &generator, addedTo: residual)
  }
}

/// A pre-LayerNorm GPT-2 block: `h = x + Drop(Attn(LN1(x)))`, `h = h + Drop(MLP(LN2(h)))`, with causal
/// multi-head self-attention (fused QKV projection, scores `QKᵀ/√d_h`, causal positions set to −10⁴,
/// additive padding mask `(1 − m)·(−10⁴)`) and a ReLU or GELU MLP of width `inner`.
/// Parameters: `<name>.ln_1`, `<name>.attn.c_attn`, `<name>.attn.c_proj`, `<name>.ln_2`,
/// `<name>.mlp.c_fc`, `<name>.mlp.c_proj` (each `.weight`/`.bias`).
public struct TransformerBlock: Sendable {
  /// The activation of the MLP.
  public enum Activation: String, Sendable, Codable { case relu, gelu }

  /// The parameter prefix.
  public let name: String
  /// Model width, heads, MLP width.
  public let width: Int, heads: Int, inner: Int
  /// The MLP activation.
  public let activation: Activation
  let ln1: LayerNorm, ln2: LayerNorm
  let qkv: Linear, projection: Linear, fc: Linear, mlpProjection: Linear

  /// Describes a block.
  public init(_ name: String, width: Int, heads: Int, inner: Int, activation: Activation, epsilon: Float = 1e-5) {
    precondition(width % heads == 0, "width \(width) must divide into \(heads) heads")
    self.name = name
    self.width = width
    self.heads = heads
    self.inner = inner
    self.activation = activation
    ln1 = LayerNorm("\(name).ln_1", width: width, epsilon: epsilon)
    ln2 = LayerNorm("\(name).ln_2", width: width, epsilon: epsilon)
    qkv = Linear("\(name).attn.c_attn", inputs: width, outputs: 3 * width)
    projection = Linear("\(name).attn.c_proj", inputs: width, outputs: width)
    fc = Linear("\(name).mlp.c_fc", inputs: width, outputs: inner)
    mlpProjection = Linear("\(name).mlp.c_proj", inputs: inner, outputs: width)
  }

  /// Registers the block's parameters (GPT-2 initialisation, N(0, 0.02²)).
  public func register(in store: inout ParameterStore, generator: inout NormalGenerator) {
    ln1.register(in: &store)
    qkv.register(in: &store, generator: &generator)
    projection.register(in: &store, generator: &generator)
    ln2.register(in: &store)
    fc.register(in: &store, generator: &generator)
    mlpProjection.register(in: &store, generator: &generator)
  }

  /// Applies the block to `x` of shape `(batch, length, width)`.
  ///
  /// With `outputs`, only positions `start, start + step, ...` are computed past the attention's keys and
  /// values (a model that reads only those positions of its last block skips the rest): the result is
  /// `(batch, ⌈(length − start)/step⌉, width)`, equal to those rows of the full result.
  /// - Parameters:
  ///   - padding: additive mask values `(batch, length)` (0 on real tokens, −10⁴ on padding), or nil.
  ///   - outputs: the positions to compute, or nil for all.
  public func callAsFunction(
    _ x: Variable, padding: [Float]?, outputs: (start: Int, step: Int)? = nil, context: inout ForwardContext,
    _ p: ParameterBinding
  ) -> Variable {
    // Fused causal attention on the packed QKV projection (TensorEngine's `causalSelfAttention`).
    let (start, step) = outputs ?? (0, 1)
    let attended = qkv(ln1(x, p), p).causalSelfAttention(
      heads: heads, padding: padding, dropout: context.dropout, generator: &context.generator,
      queryStart: start, queryStep: step)
    let residual = outputs == nil ? x : x.rows(start: start, step: step)
    let h = context.drop(projection(attended, p), addedTo: residual)
    let hidden = fc(ln2(h, p), p)
    let activated = activation == .relu ? hidden.relu() : hidden.gelu()
    return context.drop(mlpProjection(activated, p), addedTo: h)
  }
}
