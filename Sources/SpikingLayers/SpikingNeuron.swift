/// A spiking neuron model: a pure step function (the functional core) and its fused multi-step kernels.
///
/// `step` defines the model one time step at a time on scalars, for reading and testing. The layers run
/// the fused `forward`/`backward`, which compute the same recurrence over a whole time window `T` in one
/// pass (state in registers) and its surrogate-gradient backward in one reverse pass.
/// Layout of the fused kernels: `steps × count` values, time-major (`count` neurons per step).
public protocol SpikingNeuron: Sendable, Equatable, Codable {
  /// The per-neuron state carried from one step to the next.
  associatedtype State: Sendable, Equatable

  /// The state before the first step (a fresh state on every forward).
  var initialState: State { get }

  /// The surrogate derivative used by the backward.
  var surrogate: SurrogateGradient { get }

  /// One time step: the new state and the spike (0 or 1).
  /// - Parameters:
  ///   - state: the state after the previous step.
  ///   - input: this step's input (current).
  func step(_ state: State, input: Float) -> (state: State, spike: Float)

  /// The multi-step forward from the initial state.
  /// - Parameters:
  ///   - input: `steps × count` inputs.
  ///   - saved: receives `steps × count` values the backward needs (the membrane before firing).
  ///   - spikes: receives `steps × count` spikes.
  /// - Returns: the number of spikes.
  func forward(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int

  /// Inference: `forward`'s spikes and count; `scratch` (`steps × count`) may receive what `forward` saves, or be
  /// left unused by a model with a kernel that does not save it.
  /// - Returns: the number of spikes.
  func inferenceSpikes(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, scratch: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int

  /// Inference: each neuron's spike count over the window, `counts (count)` (the sum over steps of `forward`'s
  /// spikes); `saved` and `spikes` are scratch of `steps × count` that a model may leave unused.
  /// - Returns: the number of spikes.
  func spikeCounts(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>, counts: UnsafeMutablePointer<Float>
  ) -> Int

  /// The surrogate-gradient backward through the whole recurrence.
  /// - Parameters:
  ///   - spikeGradient: `steps × count` gradients of the spikes.
  ///   - saved: what `forward` saved.
  ///   - inputGradient: receives `steps × count` gradients of the inputs.
  func backward(
    _ spikeGradient: UnsafePointer<Float>, saved: UnsafePointer<Float>, steps: Int, count: Int,
    inputGradient: UnsafeMutablePointer<Float>
  )

  /// Whether `backward` gives a zero input gradient for every finite spike gradient, from what `forward` saved —
  /// no state inside the surrogate's support — so the layer can pass no gradient on (the rest of the backward
  /// skips the work). Decision SpikeFormer's attention LIF after TSSA or SSSA: binary Q, K, V make its input a
  /// non-negative integer count, so its membrane never enters the box surrogate's `(V_th − ½, V_th + ½)`.
  func gradientVanishes(saved: UnsafePointer<Float>, steps: Int, count: Int) -> Bool

  /// Checks the parameters.
  /// - Throws: `SpikingLayersError.invalidParameter` naming the first invalid one.
  func validate() throws(SpikingLayersError)
}

extension SpikingNeuron {
  /// False: the gradient is computed.
  public func gradientVanishes(saved: UnsafePointer<Float>, steps: Int, count: Int) -> Bool { false }

  /// `forward`, saving into `scratch`.
  public func inferenceSpikes(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, scratch: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>
  ) -> Int {
    forward(input, steps: steps, count: count, saved: scratch, spikes: spikes)
  }

  /// `forward`, then the spikes summed over the steps in order.
  public func spikeCounts(
    _ input: UnsafePointer<Float>, steps: Int, count: Int, saved: UnsafeMutablePointer<Float>,
    spikes: UnsafeMutablePointer<Float>, counts: UnsafeMutablePointer<Float>
  ) -> Int {
    let fired = forward(input, steps: steps, count: count, saved: saved, spikes: spikes)
    counts.update(from: spikes, count: count)
    for step in 1..<max(steps, 1) { for n in 0..<count { counts[n] += spikes[step * count + n] } }
    return fired
  }

  /// The spikes of one neuron driven by `inputs` (one per step) from the initial state: the scalar
  /// definition, step by step.
  public func simulate(_ inputs: [Float]) -> [Float] {
    var state = initialState
    return inputs.map { input in
      let (next, spike) = step(state, input: input)
      state = next
      return spike
    }
  }
}
