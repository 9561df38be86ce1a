import CKernels

/// SpikingJelly's multi-step LIF node (`MultiStepLIFNode` / `LIFNode`, Fang et al. 2023; the neuron of
/// Spikformer and the Spike-driven Transformer; MODELS.md §4.1). Per step:
///
///     charge (decay_input):   H_t = V_{t−1} + (X_t − (V_{t−1} − V_reset)) / τ
///     charge (otherwise):     H_t = V_{t−1} − (V_{t−1} − V_reset) / τ + X_t
///     fire:                   S_t = 1 if H_t − V_th ≥ 0 else 0          (≥, unlike DSFormer and Norse)
///     hard reset:             V_t = H_t·(1 − S_t) + V_reset·S_t          (start V = V_reset)
///     soft reset:             V_t = H_t − V_th·S_t                      (start V = 0)
///
/// `detachReset` drops the reset path's gradient (SpikingJelly's `detach_reset=True`, as Spikformer uses).
/// Defaults: τ 2, decay_input, V_th 1, V_reset 0, hard reset, not detached, sigmoid surrogate α 4.
public struct SpikingJellyLIF: SpikingNeuron {
  /// How the membrane resets after a spike.
  public enum Reset: String, Sendable, Equatable, Codable {
    /// To `V_reset`.
    case hard
    /// By subtracting `V_th`.
    case soft
  }

  /// The membrane time constant τ (default 2; at least 1, where τ = 1 keeps no memory).
  public var tau: Float = 2
  /// Whether the input is divided by τ too (default true).
  public var decayInput = true
  /// Threshold V_th (default 1).
  public var threshold: Float = 1
  /// Reset potential (default 0; unused by the soft reset).
  public var resetPotential: Float = 0
  /// Hard or soft reset (default hard).
  public var reset = Reset.hard
  /// Whether the reset path carries no gradient (default false).
  public var detachReset = false
  /// The surrogate (default sigmoid α 4).
  public var surrogate: SurrogateGradient = .sigmoid(alpha: 4)

  /// SpikingJelly's defaults.
  public init() {}

  /// The membrane V after the previous step's reset.
  public struct State: Sendable, Equatable {
    /// The membrane potential V.
    public var membrane: Float
  }

  /// V = V_reset (hard) or 0 (soft).
  public var initialState: State { State(membrane: reset == .soft ? 0 : resetPotential) }

  var kernelParameters: smr_jelly_parameters {
    smr_jelly_parameters(
      tau: tau, v_th: threshold, v_reset: resetPotential, leak: 1, decay_input: decayInput ? 1 : 0,
      soft_reset: reset == .soft ? 1 : 0)
  }

  /// One step of charge, fire and reset.
  public func step(_ state: State, input: Float) -> (state: State, spike: Float) {
    let v = state.membrane
    let h = decayInput ? v + (input - (v - resetPotential)) / tau : v - (v - resetPotential) / tau + input
    return JellyDynamics.fireAndReset(h, threshold: threshold, resetPotential: resetPotential, reset: reset)
  }

  /// The fused forward (`smr_lif_jelly_forward`); saves the charged potential H.
  public func forward(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int {
    var p = kernelParameters
    return smr_lif_jelly_forward(input, steps, count, &p, saved, spikes)
  }

  /// The fused backward (`smr_lif_jelly_backward`).
  public func backward(
    _ spikeGradient: UnsafePointer<Float>, saved: UnsafePointer<Float>, steps: Int, count: Int,
    inputGradient: UnsafeMutablePointer<Float>
  ) {
    var p = kernelParameters
    let (kind, parameter) = surrogate.kernel
    smr_lif_jelly_backward(spikeGradient, saved, steps, count, &p, kind, parameter, detachReset ? 1 : 0, inputGradient)
  }

  /// τ ≥ 1 (a decay in [0, 1)), finite potentials, valid surrogate.
  public func validate() throws(SpikingLayersError) {
    guard tau.isFinite, tau >= 1 else { throw .invalidParameter(name: "tau", value: Double(tau), reason: "must be at least 1") }
    try JellyDynamics.validate(threshold: threshold, resetPotential: resetPotential, surrogate: surrogate)
  }
}

/// The integrate-and-fire neuron (no leak) with SpikingJelly's firing and reset rules (`IFNode`):
///
///     H_t = V_{t−1} + X_t;   S_t = 1 if H_t − V_th ≥ 0 else 0;   V_t = H_t·(1 − S_t) + V_reset·S_t (hard)
///     or V_t = H_t − V_th·S_t (soft).
/// Defaults: V_th 1, V_reset 0, hard reset, sigmoid surrogate α 4.
public struct IntegrateAndFire: SpikingNeuron {
  /// Threshold V_th (default 1).
  public var threshold: Float = 1
  /// Reset potential (default 0).
  public var resetPotential: Float = 0
  /// Hard or soft reset (default hard).
  public var reset = SpikingJellyLIF.Reset.hard
  /// Whether the reset path carries no gradient (default false).
  public var detachReset = false
  /// The surrogate (default sigmoid α 4).
  public var surrogate: SurrogateGradient = .sigmoid(alpha: 4)

  /// SpikingJelly's defaults.
  public init() {}

  /// The membrane after the previous step's reset.
  public typealias State = SpikingJellyLIF.State

  /// V = V_reset (hard) or 0 (soft).
  public var initialState: State { State(membrane: reset == .soft ? 0 : resetPotential) }

  var kernelParameters: smr_jelly_parameters {
    smr_jelly_parameters(
      tau: 1, v_th: threshold, v_reset: resetPotential, leak: 0, decay_input: 0, soft_reset: reset == .soft ? 1 : 0)
  }

  /// One step of integrate, fire and reset.
  public func step(_ state: State, input: Float) -> (state: State, spike: Float) {
    JellyDynamics.fireAndReset(state.membrane + input, threshold: threshold, resetPotential: resetPotential, reset: reset)
  }

  /// The fused forward (`smr_lif_jelly_forward` without leak); saves H.
  public func forward(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int {
    var p = kernelParameters
    return smr_lif_jelly_forward(input, steps, count, &p, saved, spikes)
  }

  /// The fused backward.
  public func backward(
    _ spikeGradient: UnsafePointer<Float>, saved: UnsafePointer<Float>, steps: Int, count: Int,
    inputGradient: UnsafeMutablePointer<Float>
  ) {
    var p = kernelParameters
    let (kind, parameter) = surrogate.kernel
    smr_lif_jelly_backward(spikeGradient, saved, steps, count, &p, kind, parameter, detachReset ? 1 : 0, inputGradient)
  }

  /// Finite potentials, valid surrogate.
  public func validate() throws(SpikingLayersError) {
    try JellyDynamics.validate(threshold: threshold, resetPotential: resetPotential, surrogate: surrogate)
  }
}

/// The firing and reset rules SpikingJelly's neurons share.
enum JellyDynamics {
  static func fireAndReset(
    _ h: Float, threshold: Float, resetPotential: Float, reset: SpikingJellyLIF.Reset
  ) -> (state: SpikingJellyLIF.State, spike: Float) {
    let s: Float = h - threshold >= 0 ? 1 : 0
    let v = reset == .soft ? h - s * threshold : (1 - s) * h + s * resetPotential
    return (SpikingJellyLIF.State(membrane: v), s)
  }

  static func validate(threshold: Float, resetPotential: Float, surrogate: SurrogateGradient) throws(SpikingLayersError) {
    guard threshold.isFinite else { throw .invalidParameter(name: "v_threshold", value: Double(threshold), reason: "must be finite") }
    guard resetPotential.isFinite else { throw .invalidParameter(name: "v_reset", value: Double(resetPotential), reason: "must be finite") }
    try surrogate.validate()
  }
}
