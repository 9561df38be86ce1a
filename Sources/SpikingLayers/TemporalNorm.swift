public import NeuralNetworks
public import TensorEngine

/// The normalisations of a spiking transformer on `[T, B, L, D]` (Decision SpikeFormer, MODELS.md §1.5).
public enum NormalizationKind: String, Sendable, Equatable, Codable, CaseIterable {
  /// tdLN: LayerNorm over D for every (t, b, l) (`norm_type` 1, the released default).
  case ln
  /// BatchNorm per channel over (T, B, L) with running statistics in evaluation (`norm_type` 2).
  case bn
  /// PTBN: `λ·LN + (1 − λ)·BN` in training, λ falling linearly from 1 to 0 over the schedule's forwards;
  /// BN with running statistics in evaluation (`norm_type` 3, the paper's).
  case ptbn
}

/// One normalisation layer of a spiking transformer, named like the released code's `Norm` wrapper so
/// that parameters and buffers carry its `state_dict()` keys:
///
/// - `ln`:   `<name>.norm.ln.{weight,bias}`
/// - `bn`:   `<name>.norm.bn.{weight,bias,running_mean,running_var,num_batches_tracked}`
/// - `ptbn`: `<name>.norm.{warm,iter,total_step}`, `<name>.norm.norm1.ln.{weight,bias}`,
///           `<name>.norm.norm2.bn.{weight,bias,running_mean,running_var,num_batches_tracked}`
///
/// PTBN's schedule (per module, saved with the weights): `λ = r₀·iter/total_step` (1 while `warm > 0`,
/// 0 when `total_step ≤ 0`), and after every training forward `warm` and `iter` decrease by one (floored at
/// 0), so the k-th training forward uses `λ_k = 1 − k/S`. Evaluation is BN with running statistics
/// whatever λ is — which is what lets BN fold into the preceding Linear for inference.
public struct TemporalNorm: Sendable {
  /// The module prefix (e.g. `transformer.transformer.blocks.0.attn.q_ln`).
  public let name: String
  /// Channels D.
  public let width: Int
  /// Which normalisation.
  public let kind: NormalizationKind
  /// ε (PyTorch's 1e-5 for both LN and BN).
  public let epsilon: Float
  /// Whether padded tokens enter the BN statistics (default true, as released).
  public let includePaddingInStatistics: Bool
  /// PTBN's `r₀` (default 1).
  public let initialRatio: Float

  /// Describes a layer.
  public init(
    _ name: String, width: Int, kind: NormalizationKind, epsilon: Float = 1e-5, includePaddingInStatistics: Bool = true,
    initialRatio: Float = 1
  ) {
    self.name = name
    self.width = width
    self.kind = kind
    self.epsilon = epsilon
    self.includePaddingInStatistics = includePaddingInStatistics
    self.initialRatio = initialRatio
  }

  /// The LN branch's prefix, if any.
  public var layerNormName: String? {
    switch kind {
    case .ln: "\(name).norm.ln"
    case .bn: nil
    case .ptbn: "\(name).norm.norm1.ln"
    }
  }

  /// The BN branch's prefix, if any.
  public var batchNormName: String? {
    switch kind {
    case .ln: nil
    case .bn: "\(name).norm.bn"
    case .ptbn: "\(name).norm.norm2.bn"
    }
  }

  /// The schedule's prefix (PTBN only).
  public var scheduleName: String? { kind == .ptbn ? "\(name).norm" : nil }

  /// Registers γ (threshold-dependent: `gamma`, e.g. V_th = 0.5) and β = 0 for each branch, fresh running
  /// statistics (mean 0, variance 1) and the PTBN counters (`warm`, `iter = total_step = scheduleSteps`).
  public func register(in store: inout ParameterStore, buffers: inout BufferStore, gamma: Float, scheduleSteps: Int, warm: Int = 0) {
    if let schedule = scheduleName {
      buffers[counter: "\(schedule).warm"] = Int64(warm)
      buffers[counter: "\(schedule).iter"] = Int64(scheduleSteps)
      buffers[counter: "\(schedule).total_step"] = Int64(scheduleSteps)
    }
    if let ln = layerNormName {
      store["\(ln).weight"] = Tensor(repeating: gamma, shape: [width])
      store["\(ln).bias"] = Tensor(repeating: 0, shape: [width])
    }
    if let bn = batchNormName {
      store["\(bn).weight"] = Tensor(repeating: gamma, shape: [width])
      store["\(bn).bias"] = Tensor(repeating: 0, shape: [width])
      buffers[tensor: "\(bn).running_mean"] = Tensor(repeating: 0, shape: [width])
      buffers[tensor: "\(bn).running_var"] = Tensor(repeating: 1, shape: [width])
      buffers[counter: "\(bn).num_batches_tracked"] = 0
    }
  }

  /// PTBN's current mixture weight λ from the buffers (1 for LN, 0 for BN).
  public func lambda(_ buffers: BufferStore) -> Float {
    guard let schedule = scheduleName else { return kind == .ln ? 1 : 0 }
    if (buffers[counter: "\(schedule).warm"] ?? 0) > 0 { return 1 }
    let total = buffers[counter: "\(schedule).total_step"] ?? 0
    guard total > 0 else { return 0 }
    return initialRatio * Float(buffers[counter: "\(schedule).iter"] ?? 0) / Float(total)
  }

  /// Normalises `[..., D]` (every leading axis is a row).
  /// - Parameters:
  ///   - rowMask: 1 for rows of real tokens, 0 for padding (`count / D` values), used when the statistics
  ///     exclude padding; nil means every row is real.
  /// - Precondition: the buffers hold this layer's running statistics (a programmer error otherwise).
  public func callAsFunction(_ x: Variable, _ p: ParameterBinding, pass: SpikingPass, rowMask: [Float]? = nil) -> Variable {
    switch (kind, pass.mode) {
    case (.ln, _):
      return layerNorm(x, p)
    case (.bn, .evaluation), (.ptbn, .evaluation):
      return runningBatchNorm(x, p, pass.buffers)
    case (.bn, .training):
      return trainingBatchNorm(x, p, pass: pass, rowMask: rowMask)
    case (.ptbn, .training):
      let lambda = self.lambda(pass.buffers)
      if let schedule = scheduleName { pass.advance(schedule: schedule) }
      // Both branches run whatever λ is: the BN branch's statistics update throughout, as released.
      if lambda == 0 { return trainingBatchNorm(x, p, pass: pass, rowMask: rowMask) }
      return partialBatchNorm(x, p, lambda: lambda, pass: pass, rowMask: rowMask)
    }
  }

  /// PTBN's training form, one fused operation: `(λγ₁)·x̂_LN + λβ₁ + ((1 − λ)γ₂)·x̂_BN + (1 − λ)β₂`, equal bit for
  /// bit to the LN and BN branches with their weights scaled and added.
  private func partialBatchNorm(
    _ x: Variable, _ p: ParameterBinding, lambda: Float, pass: SpikingPass, rowMask: [Float]?
  ) -> Variable {
    let (ln, bn) = (layerNormName ?? name, batchNormName ?? name)
    let (output, statistics) = x.partialBatchNormalized(
      layerGamma: p["\(ln).weight"], layerBeta: p["\(ln).bias"], batchGamma: p["\(bn).weight"],
      batchBeta: p["\(bn).bias"], lambda: lambda, epsilon: epsilon,
      rowMask: includePaddingInStatistics ? nil : rowMask)
    pass.observe(batchNorm: bn, statistics: statistics)
    return output
  }

  /// The LayerNorm branch.
  private func layerNorm(_ x: Variable, _ p: ParameterBinding) -> Variable {
    let ln = layerNormName ?? name
    return x.layerNorm(gamma: p["\(ln).weight"], beta: p["\(ln).bias"], epsilon: epsilon)
  }

  /// The batch-statistics branch.
  private func trainingBatchNorm(_ x: Variable, _ p: ParameterBinding, pass: SpikingPass, rowMask: [Float]?) -> Variable {
    let bn = batchNormName ?? name
    let (output, statistics) = x.batchNormalized(
      gamma: p["\(bn).weight"], beta: p["\(bn).bias"], epsilon: epsilon,
      rowMask: includePaddingInStatistics ? nil : rowMask)
    pass.observe(batchNorm: bn, statistics: statistics)
    return output
  }

  private func runningBatchNorm(_ x: Variable, _ p: ParameterBinding, _ buffers: BufferStore) -> Variable {
    let bn = batchNormName ?? name
    guard let mean = buffers[tensor: "\(bn).running_mean"], let variance = buffers[tensor: "\(bn).running_var"] else {
      preconditionFailure("no running statistics for \(bn)")
    }
    return x.batchNormalized(
      gamma: p["\(bn).weight"], beta: p["\(bn).bias"], runningMean: mean.scalars, runningVariance: variance.scalars,
      epsilon: epsilon)
  }

  /// The per-channel affine map this layer computes in evaluation when it is BN-based
  /// (`y = x·scale + shift`, `scale = γ/√(σ² + ε)`, `shift = β − μ·scale`), for folding into the
  /// preceding Linear; nil for LN, which depends on each token's own statistics.
  public func inferenceAffine(parameters: ParameterStore, buffers: BufferStore) -> (scale: [Float], shift: [Float])? {
    guard kind != .ln, let bn = batchNormName, let gamma = parameters["\(bn).weight"], let beta = parameters["\(bn).bias"],
      let mean = buffers[tensor: "\(bn).running_mean"], let variance = buffers[tensor: "\(bn).running_var"]
    else { return nil }
    let scale = (0..<width).map { gamma.scalars[$0] / (variance.scalars[$0] + epsilon).squareRoot() }
    let shift = (0..<width).map { beta.scalars[$0] - mean.scalars[$0] * scale[$0] }
    return (scale, shift)
  }
}
