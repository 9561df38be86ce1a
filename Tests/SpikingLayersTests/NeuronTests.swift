import NeuralNetworks
import SpikingLayers
import TensorEngine
import TensorTestSupport
import Testing

/// The neuron models: the documented fixtures, the fused forward against the scalar step function, and the
/// fused backward against the composed surrogate definition on the tape.
@Suite struct NeuronTests {
  static func constant(_ value: Float, steps: Int = 4) -> [Float] { Array(repeating: value, count: steps) }

  @Test func dsformerFixturesFromTheReference() {
    let lif = DSFormerLIF()
    #expect(lif.simulate(Self.constant(0.30)) == [0, 0, 0, 0])
    #expect(lif.simulate(Self.constant(0.45)) == [0, 1, 0, 1])
    #expect(lif.simulate(Self.constant(0.50)) == [0, 1, 0, 1])
    #expect(lif.simulate(Self.constant(0.60)) == [1, 1, 1, 1])
    #expect(lif.simulate([0.4, 0.0, 0.5, 0.1]) == [0, 0, 1, 0])
  }

  @Test func norseFixturesFromTheReference() {
    let lif = NorseLIF()
    #expect(lif.simulate(Self.constant(1, steps: 6)) == [0, 0, 0, 0, 0, 1])
    #expect(lif.simulate(Self.constant(3, steps: 6)) == [0, 0, 1, 0, 1, 1])
    #expect(lif.simulate(Self.constant(12, steps: 6)) == [1, 1, 1, 1, 1, 1])
  }

  @Test func spikingJellyFixturesFromTheReference() {
    let lif = SpikingJellyLIF()
    #expect(lif.simulate(Self.constant(1.5)) == [0, 1, 0, 1])
    #expect(lif.simulate(Self.constant(1.0, steps: 8)) == Self.constant(0, steps: 8))
    var integrator = IntegrateAndFire()
    #expect(integrator.simulate(Self.constant(0.4, steps: 6)) == [0, 0, 1, 0, 0, 1])
    integrator.reset = .soft
    #expect(integrator.simulate(Self.constant(0.4, steps: 6)) == [0, 0, 1, 0, 1, 0])
  }

  /// Seeded inputs (std 2) and `forward`'s spikes and spike count on them.
  static func forwardSpikes(_ neuron: some SpikingNeuron, steps: Int, count: Int, seed: UInt64) -> ([Float], [Float], Int) {
    var generator = NormalGenerator(seed: seed)
    let input = generator.normals(steps * count, std: 2)
    var (saved, spikes) = ([Float](repeating: 0, count: steps * count), [Float](repeating: 0, count: steps * count))
    let fired = neuron.forward(input, steps: steps, count: count, saved: &saved, spikes: &spikes)
    return (input, spikes, fired)
  }

  /// `spikeCounts` (fused for Norse, the default elsewhere) is `forward`'s spikes summed over the steps.
  @Test(arguments: neurons)
  func spikeCountsAreTheForwardSpikesSummedOverTheSteps(model: NeuronModel) {
    let neuron = model.neuron
    let (steps, count) = (6, 53)
    let (input, spikes, fired) = Self.forwardSpikes(neuron, steps: steps, count: count, seed: 17)
    var counts = [Float](repeating: -1, count: count)
    var scratch = ([Float](repeating: 0, count: steps * count), [Float](repeating: 0, count: steps * count))
    let counted = neuron.spikeCounts(input, steps: steps, count: count, saved: &scratch.0, spikes: &scratch.1, counts: &counts)
    let expected = (0..<count).map { n in (0..<steps).reduce(Float(0)) { $0 + spikes[$1 * count + n] } }
    #expect(fired > 0 && counted == fired && counts == expected, "\(model)")
  }

  /// `inferenceSpikes` (fused without saving for DSFormer, the default elsewhere) gives `forward`'s spikes and count,
  /// across chunk boundaries (DSFormer's kernel works on 256 neurons at a time).
  @Test(arguments: neurons)
  func inferenceSpikesAreTheForwardSpikes(model: NeuronModel) {
    let neuron = model.neuron
    let (steps, count) = (5, 600)
    let (input, spikes, fired) = Self.forwardSpikes(neuron, steps: steps, count: count, seed: 23)
    var (scratch, inferred) = ([Float](repeating: 0, count: steps * count), [Float](repeating: -1, count: steps * count))
    let counted = neuron.inferenceSpikes(input, steps: steps, count: count, scratch: &scratch, spikes: &inferred)
    #expect(fired > 0 && counted == fired && inferred == spikes, "\(model)")
  }

  /// The DSFormer LIF passes no gradient on when no membrane lies in the box surrogate's support (inputs that are
  /// non-negative integers, as TSSA's attention output); the tape then gives the input zeros, as the full backward
  /// would. Any membrane inside the support, or a surrogate without a bounded support, computes it.
  @Test func dsformerGradientVanishesOutsideTheBoxSupport() {
    let (steps, count) = (4, 70)
    let counts = (0..<(steps * count)).map { Float(($0 * 7) % 5) }
    let neuron = DSFormerLIF()
    #expect(counts.withUnsafeBufferPointer { neuron.gradientVanishes(saved: $0.baseAddress!, steps: steps, count: count) })
    var inside = counts
    inside[123] = 0.75
    #expect(!inside.withUnsafeBufferPointer { neuron.gradientVanishes(saved: $0.baseAddress!, steps: steps, count: count) })
    let smooth = DSFormerLIF(decay: 0.25, threshold: 0.5, surrogate: .sigmoid(alpha: 4))
    #expect(!counts.withUnsafeBufferPointer { smooth.gradientVanishes(saved: $0.baseAddress!, steps: steps, count: count) })
    for (input, vanishes) in [(counts, true), (inside, false)] {
      let tape = Tape()
      let x = tape.parameter(Tensor(shape: [steps, count], scalars: input))
      let weights = tape.constant(Tensor(shape: [steps, count], scalars: (0..<(steps * count)).map { Float($0 % 3) - 1 }))
      let gradient = tape.gradients(of: (x.spikes(neuron, layer: "attn_lif") * weights).sum())[x]
      #expect(gradient.scalars.allSatisfy { $0 == 0 } == vanishes)
    }
  }

  static var neurons: [NeuronModel] {
    var norse = NorseLIF()
    norse.tauMembraneInverse = 500
    norse.threshold = 0.5
    var detached = norse
    detached.detachReset = true
    detached.surrogate = .superSpike(alpha: 3)
    var jelly = SpikingJellyLIF()
    jelly.threshold = 0.5
    var soft = jelly
    soft.reset = .soft
    soft.decayInput = false
    soft.surrogate = .atan(alpha: 2)
    var detachedJelly = jelly
    detachedJelly.detachReset = true
    var integrator = IntegrateAndFire()
    integrator.threshold = 0.7
    return [
      .dsformer(DSFormerLIF()), .dsformer(DSFormerLIF(decay: 0.5, threshold: 0.3, surrogate: .box(halfWidth: 0.25))),
      .norse(NorseLIF()), .norse(norse), .norse(detached), .spikingJelly(jelly), .spikingJelly(soft),
      .spikingJelly(detachedJelly), .integrateAndFire(integrator),
    ]
  }

  static func inputs(steps: Int, count: Int, seed: UInt64, scale: Float) -> Tensor {
    Tensor(shape: [steps, count], scalars: GradientCheck.values(steps * count, seed: seed).map { $0 * scale + 0.3 * scale })
  }

  @Test(arguments: 0..<9)
  func fusedForwardIsTheStepFunction(index: Int) {
    let model = Self.neurons[index]
    let (steps, count) = (7, 67)
    let scale: Float = { if case .norse = model { return 6 } else { return 1 } }()
    let x = Self.inputs(steps: steps, count: count, seed: UInt64(index + 1), scale: scale)
    let tape = Tape()
    let spikes = tape.constant(x).spikes(model, layer: "test").value
    for n in 0..<count {
      let trace = (0..<steps).map { x.scalars[$0 * count + n] }
      #expect((0..<steps).map { spikes.scalars[$0 * count + n] } == model.neuron.simulate(trace), "neuron \(n)")
    }
    #expect(spikes.scalars.contains(1) && spikes.scalars.contains(0), "the test inputs must make some neurons fire")
  }

  @Test(arguments: 0..<9)
  func fusedBackwardIsTheComposedSurrogateDefinition(index: Int) {
    let model = Self.neurons[index]
    let (steps, count) = (6, 41)
    let scale: Float = { if case .norse = model { return 6 } else { return 1 } }()
    let x = Self.inputs(steps: steps, count: count, seed: UInt64(index + 11), scale: scale)
    let weights = Tensor(shape: [steps, count], scalars: GradientCheck.values(steps * count, seed: 5))
    func gradient(_ f: (Variable) -> Variable) -> (Tensor, Tensor) {
      let tape = Tape()
      let input = tape.parameter(x)
      let spikes = f(input)
      let loss = (spikes * tape.constant(weights)).sum()
      return (spikes.value, tape.gradients(of: loss)[input])
    }
    let (fusedSpikes, fused) = gradient { $0.spikes(model, layer: "test") }
    let (composedSpikes, composed) = gradient { ComposedNeurons.spikes(model, $0) }
    #expect(fusedSpikes == composedSpikes)
    for (a, b) in zip(fused.scalars, composed.scalars) {
      #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "fused \(a) vs composed \(b)")
    }
    #expect(composed.scalars.contains { $0 != 0 }, "the surrogate must pass some gradient")
  }

  @Test func recorderCountsEverySpike() {
    let recorder = SpikeRecorder()
    let pass = SpikingPass(mode: .evaluation, buffers: BufferStore(), recorder: recorder)
    let tape = Tape()
    let x = tape.constant(Self.inputs(steps: 4, count: 50, seed: 3, scale: 1))
    let first = x.spikes(.dsformer(DSFormerLIF()), layer: "a", pass: pass).value
    let second = x.spikes(.dsformer(DSFormerLIF()), layer: "a", pass: pass).value
    _ = x.spikes(.integrateAndFire(IntegrateAndFire()), layer: "b", pass: pass)
    let entries = recorder.entries
    #expect(entries.map(\.layer) == ["a", "b"])
    #expect(entries[0].spikes == Int(first.scalars.reduce(0, +) + second.scalars.reduce(0, +)))
    #expect(entries[0].elements == 400 && entries[0].calls == 2 && entries[0].timeSteps == 4)
    #expect(recorder.totalSpikes == entries[0].spikes + entries[1].spikes)
    recorder.reset()
    #expect(recorder.entries.isEmpty)
  }

  @Test func invalidParametersAreTypedErrors() {
    var norse = NorseLIF()
    norse.timeStep = 0.1
    #expect(throws: SpikingLayersError.self) { try norse.validate() }
    #expect(throws: SpikingLayersError.self) { try DSFormerLIF(decay: 2, threshold: 0.5, surrogate: .box(halfWidth: 0.5)).validate() }
    #expect(throws: SpikingLayersError.self) { try DSFormerLIF(decay: 0.2, threshold: 0.5, surrogate: .box(halfWidth: 0)).validate() }
    #expect(throws: SpikingLayersError.self) { try NeuronModel.named("hodgkin-huxley") }
    #expect(throws: Never.self) { try NeuronModel.named("norse").neuron.validate() }
  }
}
