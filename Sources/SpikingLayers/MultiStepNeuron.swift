public import TensorEngine

/// A spiking layer over a time window: the neuron's recurrence over the leading axis T, one fused
/// forward and one fused surrogate backward per call (not T elementwise tape nodes).
extension Variable {
  /// The spikes of `neuron` driven by `self`, shape `[T, ...]` (time first), from a fresh state.
  ///
  /// Forward: `neuron.forward` over all `T × N` inputs; the membrane trace it saves is kept for the
  /// backward, `neuron.backward`, which propagates the spikes' gradient through the recurrence with the
  /// neuron's surrogate. When the neuron reports that the saved trace makes every input gradient zero
  /// (`gradientVanishes`), the spikes are returned as a constant: the gradient is exactly zero, and what reads
  /// them computes no gradient for them. The spike count goes to the pass's recorder (if any) under `layer`.
  /// - Parameters:
  ///   - neuron: the model.
  ///   - layer: the layer's name for the recorder.
  ///   - pass: the forward pass (its recorder), or nil.
  /// - Returns: spikes (0/1) of the same shape.
  public func spikes(_ neuron: some SpikingNeuron, layer: String, pass: SpikingPass? = nil) -> Variable {
    let x = value
    precondition(x.rank >= 1 && x.shape[0] > 0, "\(layer): spiking layers need a leading time axis, got \(x.shape)")
    let steps = x.shape[0]
    let count = x.count / steps
    var saved = Tensor.uninitialized(shape: x.shape) { _, _ in }
    var fired = 0
    let spikes = Tensor.uninitialized(shape: x.shape) { s, _ in
      x.withElements { px in
        saved.withMutableElements { pm in fired = neuron.forward(px, steps: steps, count: count, saved: pm, spikes: s) }
      }
    }
    pass?.recorder?.record(layer: layer, spikes: fired, elements: x.count, timeSteps: steps)
    if let recorder = pass?.recorder, recorder.capturing.contains(layer) { recorder.capture(layer: layer, shape: x.shape, spikes: spikes.scalars) }
    // No membrane inside the surrogate's support: the input gradient is zero whatever reaches the spikes, so they
    // are a constant — the Linear reading them skips its input gradient, and nothing flows back from here.
    if requiresGradient, saved.withElements({ neuron.gradientVanishes(saved: $0, steps: steps, count: count) }) {
      return tape.constant(spikes)
    }
    return tape.operation(spikes, inputs: [self]) { [saved] g in
      [Tensor.uninitialized(shape: g.shape) { dx, _ in
        g.withElements { pg in
          saved.withElements { pm in neuron.backward(pg, saved: pm, steps: steps, count: count, inputGradient: dx) }
        }
      }]
    }
  }

  /// The spikes of a configured neuron model (see `spikes(_:layer:pass:)`).
  public func spikes(_ model: NeuronModel, layer: String, pass: SpikingPass? = nil) -> Variable {
    switch model {
    case .dsformer(let n): spikes(n, layer: layer, pass: pass)
    case .norse(let n): spikes(n, layer: layer, pass: pass)
    case .spikingJelly(let n): spikes(n, layer: layer, pass: pass)
    case .integrateAndFire(let n): spikes(n, layer: layer, pass: pass)
    }
  }

  /// A Heaviside step with a surrogate backward, the building block of hand-composed neurons:
  /// `s = [y > 0]` (`[y ≥ 0]` when `inclusive`), `∂s/∂y := surrogate.derivative(y)`.
  /// - Parameters:
  ///   - surrogate: the derivative used by the backward.
  ///   - inclusive: fire at exactly 0 (SpikingJelly) rather than only above it (DSFormer, Norse).
  public func heaviside(surrogate: SurrogateGradient, inclusive: Bool = false) -> Variable {
    let y = value
    let spikes = y.mapped { inclusive ? ($0 >= 0 ? 1 : 0) : ($0 > 0 ? 1 : 0) }
    return tape.operation(spikes, inputs: [self]) { g in
      [g.zipped(y) { $0 * surrogate.derivative(at: $1) }]
    }
  }
}
