import CKernels

/// Norse's current-based leaky integrate-and-fire neuron, `norse.torch.LIFCell` (Pehle & Pedersen, Norse
/// 1.1.0, `lif_feed_forward_step`; MODELS.md §3.2), one explicit Euler step of
/// `v̇ = τ_mem⁻¹·(v_leak − v + i)`, `i̇ = −τ_syn⁻¹·i` per call, in Norse's order of operations:
///
///     i'  = i + x                                   (current jump by the input)
///     v'  = v + dt·τ_mem⁻¹·((v_leak − v) + i')
///     i'' = i' − dt·τ_syn⁻¹·i'
///     z   = 1 if v' − v_th > 0 else 0               (strict)
///     v'' = (1 − z)·v' + z·v_reset                  (hard reset; NOT detached, as Norse)
///
/// from `v = v_leak, i = 0`. Defaults are Norse's: `τ_syn⁻¹` 200 s⁻¹, `τ_mem⁻¹` 100 s⁻¹, `v_leak` 0,
/// `v_th` 1, `v_reset` 0, `dt` 1 ms (so `v' = 0.9·v + 0.1·i'`, `i'' = 0.8·i'`), SuperSpike surrogate as
/// Norse 1.1.0 computes it (α ignored); `.superSpike(alpha: 100)` is Norse's documented/post-1.1 form.
public struct NorseLIF: SpikingNeuron {
  /// Inverse synaptic time constant τ_syn⁻¹ in s⁻¹ (default 200).
  public var tauSynapseInverse: Float = 200
  /// Inverse membrane time constant τ_mem⁻¹ in s⁻¹ (default 100).
  public var tauMembraneInverse: Float = 100
  /// Leak potential (default 0).
  public var leakPotential: Float = 0
  /// Threshold v_th (default 1).
  public var threshold: Float = 1
  /// Reset potential (default 0).
  public var resetPotential: Float = 0
  /// Euler time step in s (default 0.001).
  public var timeStep: Float = 0.001
  /// The surrogate (default Norse 1.1.0's SuperSpike, α ignored).
  public var surrogate: SurrogateGradient = .superSpikeIgnoringAlpha
  /// Whether the reset path carries no gradient (default false, as Norse).
  public var detachReset = false

  /// Norse's defaults.
  public init() {}

  /// The state `(v, i)`.
  public struct State: Sendable, Equatable {
    /// Membrane voltage v.
    public var voltage: Float
    /// Synaptic current i.
    public var current: Float
  }

  /// `v = v_leak, i = 0`.
  public var initialState: State { State(voltage: leakPotential, current: 0) }

  var kernelParameters: smr_norse_parameters {
    smr_norse_parameters(
      a_mem: timeStep * tauMembraneInverse, a_syn: timeStep * tauSynapseInverse, v_leak: leakPotential,
      v_th: threshold, v_reset: resetPotential)
  }

  /// One Euler step as above.
  public func step(_ state: State, input: Float) -> (state: State, spike: Float) {
    let p = kernelParameters
    let jump = state.current + input
    let decayed = state.voltage + p.a_mem * ((leakPotential - state.voltage) + jump)
    let current = jump + -p.a_syn * jump
    let z: Float = decayed - threshold > 0 ? 1 : 0
    return (State(voltage: (1 - z) * decayed + z * resetPotential, current: current), z)
  }

  /// The fused forward (`smr_lif_norse_forward`); saves the pre-reset voltage `v'`.
  public func forward(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int {
    var p = kernelParameters
    return smr_lif_norse_forward(input, steps, count, &p, saved, nil, nil, spikes)
  }

  /// Inference: the fused recurrence writing only the spike counts (`smr_lif_norse_count`).
  public func spikeCounts(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>, counts: UnsafeMutablePointer<Float>
  ) -> Int {
    var p = kernelParameters
    return smr_lif_norse_count(input, steps, count, &p, counts)
  }

  /// The forward that also writes the state after every step (`voltages`, `currents`: `steps × count`).
  public func forward(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>, voltages: UnsafeMutablePointer<Float>, currents: UnsafeMutablePointer<Float>
  ) -> Int {
    var p = kernelParameters
    return smr_lif_norse_forward(input, steps, count, &p, saved, voltages, currents, spikes)
  }

  /// The fused backward (`smr_lif_norse_backward`).
  public func backward(
    _ spikeGradient: UnsafePointer<Float>, saved: UnsafePointer<Float>, steps: Int, count: Int,
    inputGradient: UnsafeMutablePointer<Float>
  ) {
    var p = kernelParameters
    let (kind, parameter) = surrogate.kernel
    smr_lif_norse_backward(spikeGradient, saved, steps, count, &p, kind, parameter, detachReset ? 1 : 0, inputGradient)
  }

  /// Positive time constants and step, `dt·τ⁻¹ ≤ 1` (a stable Euler step), finite potentials.
  public func validate() throws(SpikingLayersError) {
    for (name, value) in [("tau_syn_inv", tauSynapseInverse), ("tau_mem_inv", tauMembraneInverse), ("dt", timeStep)] {
      guard value.isFinite, value > 0 else { throw .invalidParameter(name: name, value: Double(value), reason: "must be positive") }
    }
    for (name, value) in [("dt*tau_mem_inv", timeStep * tauMembraneInverse), ("dt*tau_syn_inv", timeStep * tauSynapseInverse)] {
      guard value <= 1 else { throw .invalidParameter(name: name, value: Double(value), reason: "must be at most 1 (unstable Euler step)") }
    }
    for (name, value) in [("v_leak", leakPotential), ("v_th", threshold), ("v_reset", resetPotential)] {
      guard value.isFinite else { throw .invalidParameter(name: name, value: Double(value), reason: "must be finite") }
    }
    try surrogate.validate()
  }
}
