import CKernels

/// Decision SpikeFormer's multi-step leaky integrate-and-fire neuron (Huang, Gu & Ye, CVPR 2025;
/// MODELS.md §1.4), with the constants its released code actually uses.
///
/// From a fresh state on every forward, for `t = 0..T−1`:
///
///     u_0 = x_0
///     u_t = λ · u_{t−1} · (1 − s_{t−1}) + x_t        (reset factor with the spike detached)
///     s_t = 1 if u_t > V_th else 0                   (strict)
///
/// i.e. a hard reset to 0 expressed at the next integration, no input scaling (`λ = 1 − 1/τ`, τ = 4/3).
/// Defaults: `λ` (decay) 0.25, `V_th` 0.5 (the module-global `thresh`; the 1.0 stored on the neuron is
/// never used), surrogate `box(halfWidth: 0.5)`: `∂s/∂u = 1` on `0 < u < 1`. The backward is
/// `du_t = g_t·σ'(u_t − V_th) + du_{t+1}·λ·(1 − s_t)`, `dx_t = du_t`.
public struct DSFormerLIF: SpikingNeuron {
  /// The membrane decay λ per step (default 0.25).
  public var decay: Float = 0.25
  /// The firing threshold V_th (default 0.5).
  public var threshold: Float = 0.5
  /// The surrogate (default box of half-width 0.5).
  public var surrogate: SurrogateGradient = .box(halfWidth: 0.5)

  /// The released model's neuron.
  public init() {}

  /// A neuron with other constants.
  public init(decay: Float, threshold: Float, surrogate: SurrogateGradient) {
    self.decay = decay
    self.threshold = threshold
    self.surrogate = surrogate
  }

  /// The state: the membrane before firing and the last spike (`u_{−1} = 0`, `s_{−1} = 0` gives `u_0 = x_0`).
  public struct State: Sendable, Equatable {
    /// The membrane potential u.
    public var membrane: Float
    /// The last spike s.
    public var spike: Float
  }

  /// `u = 0, s = 0`.
  public var initialState: State { State(membrane: 0, spike: 0) }

  /// One step of the recurrence above.
  public func step(_ state: State, input: Float) -> (state: State, spike: Float) {
    let u = state.membrane * decay * (1 - state.spike) + input
    let s: Float = u > threshold ? 1 : 0
    return (State(membrane: u, spike: s), s)
  }

  /// The fused forward (`smr_lif_dsformer_forward`); saves `u_t`.
  public func forward(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int {
    smr_lif_dsformer_forward(input, steps, count, decay, threshold, saved, spikes)
  }

  /// `forward`'s spikes without saving the membrane (`smr_lif_dsformer_spikes`: one pass, membranes in L1).
  public func inferenceSpikes(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, scratch: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int {
    smr_lif_dsformer_spikes(input, steps, count, decay, threshold, spikes)
  }

  /// With the box surrogate: whether no saved membrane lies inside its support, `|u − V_th| < halfWidth`
  /// (`smr_box_support_empty`; then every `σ'` is 0 and `du_t = 0·g_t + 0·du_{t+1}` for all t).
  public func gradientVanishes(saved: UnsafePointer<Float>, steps: Int, count: Int) -> Bool {
    guard case .box(let halfWidth) = surrogate else { return false }
    return smr_box_support_empty(saved, steps * count, threshold, halfWidth) != 0
  }

  /// The fused backward (`smr_lif_dsformer_backward`).
  public func backward(
    _ spikeGradient: UnsafePointer<Float>, saved: UnsafePointer<Float>, steps: Int, count: Int,
    inputGradient: UnsafeMutablePointer<Float>
  ) {
    let (kind, parameter) = surrogate.kernel
    smr_lif_dsformer_backward(spikeGradient, saved, steps, count, decay, threshold, kind, parameter, inputGradient)
  }

  /// Decay in [0, 1], finite threshold, valid surrogate.
  public func validate() throws(SpikingLayersError) {
    guard decay >= 0, decay <= 1 else { throw .invalidParameter(name: "decay", value: Double(decay), reason: "must lie in [0, 1]") }
    guard threshold.isFinite else { throw .invalidParameter(name: "threshold", value: Double(threshold), reason: "must be finite") }
    try surrogate.validate()
  }
}
