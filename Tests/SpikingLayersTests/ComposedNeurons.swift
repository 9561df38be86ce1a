import SpikingLayers
import TensorEngine

/// The neuron recurrences written with elementwise tape operations and a Heaviside-with-surrogate
/// primitive, one step at a time: the reference definition the fused kernels' backwards are checked against.
enum ComposedNeurons {
  static func spikes(_ model: NeuronModel, _ x: Variable) -> Variable {
    let steps = x.shape[0]
    let inputs = (0..<steps).map { x.slice(axis: 0, $0..<($0 + 1)) }
    let tape = x.tape
    let zeros = tape.constant(Tensor(repeating: 0, shape: inputs[0].shape))
    var out: [Variable] = []
    switch model {
    case .dsformer(let n):
      var u = inputs[0]
      var s = u.heaviside(surrogate: n.surrogate) // threshold applied below
      s = (u + -n.threshold).heaviside(surrogate: n.surrogate)
      out.append(s)
      for t in 1..<steps {
        let keep = tape.constant(s.value.mapped { n.decay * (1 - $0) })  // the reset detached
        u = u * keep + inputs[t]
        s = (u + -n.threshold).heaviside(surrogate: n.surrogate)
        out.append(s)
      }
    case .norse(let n):
      var v = zeros + n.leakPotential
      var i = zeros
      let (aMem, aSyn) = (n.timeStep * n.tauMembraneInverse, n.timeStep * n.tauSynapseInverse)
      for t in 0..<steps {
        let jump = i + inputs[t]
        let decayed = v + ((v * -1 + n.leakPotential) + jump) * aMem
        i = jump + jump * -aSyn
        let z = (decayed + -n.threshold).heaviside(surrogate: n.surrogate)
        let reset = n.detachReset ? tape.constant(z.value) : z
        v = decayed * (reset * -1 + 1) + reset * n.resetPotential
        out.append(z)
      }
    case .spikingJelly(let n):
      out = jelly(inputs, zeros: zeros, tau: n.tau, leak: true, decayInput: n.decayInput, threshold: n.threshold,
        resetPotential: n.resetPotential, reset: n.reset, detach: n.detachReset, surrogate: n.surrogate)
    case .integrateAndFire(let n):
      out = jelly(inputs, zeros: zeros, tau: 1, leak: false, decayInput: false, threshold: n.threshold,
        resetPotential: n.resetPotential, reset: n.reset, detach: n.detachReset, surrogate: n.surrogate)
    }
    return Variable.concatenate(out, axis: 0)
  }

  static func jelly(
    _ inputs: [Variable], zeros: Variable, tau: Float, leak: Bool, decayInput: Bool, threshold: Float,
    resetPotential: Float, reset: SpikingJellyLIF.Reset, detach: Bool, surrogate: SurrogateGradient
  ) -> [Variable] {
    let tape = zeros.tape
    var v = reset == .soft ? zeros : zeros + resetPotential
    var out: [Variable] = []
    for x in inputs {
      let h: Variable
      if !leak {
        h = v + x
      } else if decayInput {
        h = v + (x - (v + -resetPotential)) * (1 / tau)
      } else {
        h = v - (v + -resetPotential) * (1 / tau) + x
      }
      let s = (h + -threshold).heaviside(surrogate: surrogate, inclusive: true)
      let r = detach ? tape.constant(s.value) : s
      v = reset == .soft ? h - r * threshold : h * (r * -1 + 1) + r * resetPotential
      out.append(s)
    }
    return out
  }
}
