import DecisionModels
import Foundation
import NeuralNetworks
import SpikingLayers
import TensorEngine
import Testing

/// Cross-check against PyTorch: ../shared/peers/dsformer_ref.py (the released model's module names) through
/// Fixtures/make_dsformer_fixture.py (torch 2.15): names, predictions, loss, gradients, and parameters and
/// buffers after three training steps (PTBN mid-ramp where the fixture uses PTBN).
@Suite struct DSFormerFixtureTests {
  struct Fixture {
    let tensors: [String: Tensor]
    let model: SpikingDecisionTransformer
    let batch: DecisionBatch
    var parameters: ParameterStore
    var buffers: BufferStore
    let expectedBuffers: BufferStore

    init(_ name: String) throws {
      let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
      let contents = try Safetensors.read(url.path)
      tensors = Dictionary(uniqueKeysWithValues: contents.tensors.map { ($0.name, $0.tensor) })
      let meta = try JSONSerialization.jsonObject(with: Data((contents.metadata["config"] ?? "{}").utf8)) as? [String: Any] ?? [:]
      var c = SpikingDecisionTransformerConfiguration(
        stateDimension: meta["state_dim"] as? Int ?? 0, actionDimension: meta["act_dim"] as? Int ?? 0,
        discrete: meta["discrete"] as? Bool ?? false)
      c.hiddenSize = 32
      c.layers = 2
      c.heads = meta["heads"] as? Int ?? 1
      c.contextLength = 5
      c.window = meta["window"] as? Int ?? 8
      c.attention = SpikingAttentionKind(rawValue: meta["attention"] as? String ?? "") ?? .pssa
      c.normalization = NormalizationKind(rawValue: meta["norm"] as? String ?? "") ?? .ln
      c.progressiveSteps = meta["progressive_steps"] as? Int ?? 0
      model = SpikingDecisionTransformer(configuration: c)
      let (initial, initialBuffers) = model.initialState(seed: 0)
      var store = ParameterStore()
      for name in initial.names { store[name] = tensors["param.\(name)"] }
      parameters = store
      let tensors = tensors
      func buffers(_ prefix: String) -> BufferStore {
        var result = initialBuffers
        for name in initialBuffers.tensorNames { result[tensor: name] = tensors["\(prefix).\(name)"] }
        for name in initialBuffers.counterNames { result[counter: name] = tensors["\(prefix).\(name)"].map { Int64($0.scalar) } }
        return result
      }
      self.buffers = buffers("buffer")
      expectedBuffers = buffers("after_buffer")
      let get = { (key: String) in contents.tensors.first { $0.name == key }?.tensor.scalars ?? [] }
      batch = DecisionBatch(
        batchSize: 3, contextLength: 5, states: get("input.states"), actionInputs: get("input.actions"),
        actionTargets: get("input.targets"), returnsToGo: get("input.rtg"), timesteps: Array(repeating: 0, count: 15),
        mask: get("input.mask"))
      // Every released parameter and buffer name exists here and nothing else.
      let theirs = Set(tensors.keys.filter { $0.hasPrefix("param.") }.map { String($0.dropFirst(6)) })
      let theirBuffers = Set(tensors.keys.filter { $0.hasPrefix("buffer.") }.map { String($0.dropFirst(7)) })
      #expect(Set(initial.names) == theirs)
      #expect(Set(initialBuffers.tensorNames + initialBuffers.counterNames) == theirBuffers)
    }
  }

  static let files = [
    "dsformer_fixture_pssa_ln_continuous.safetensors", "dsformer_fixture_pssa_ptbn_discrete.safetensors",
    "dsformer_fixture_tssa_ln_discrete.safetensors", "dsformer_fixture_tssa_ptbn_continuous.safetensors",
    "dsformer_fixture_sssa_bn_continuous.safetensors",
  ]

  @Test(arguments: files)
  func forwardLossGradientsAndThreeStepsMatchPyTorch(file: String) throws {
    var fixture = try Fixture(file)
    let tape = Tape()
    let binding = fixture.parameters.bind(to: tape)
    let pass = SpikingPass(mode: .training, buffers: fixture.buffers)
    let predictions = fixture.model.predictActions(fixture.batch, parameters: binding, pass: pass)
    let (predictionsOK, predictionError) = PyTorchFixtureTests.close(
      predictions.value.scalars, fixture.tensors["output.predictions"]?.scalars ?? [], relative: 1e-5, absolute: 1e-5)
    #expect(predictionsOK, "predictions differ by up to \(predictionError)")
    let loss = DecisionLoss.masked(predictions, fixture.batch, actionDimension: fixture.model.configuration.actionDimension,
      discrete: fixture.model.configuration.discrete, normalizer: nil)
    let expectedLoss = fixture.tensors["output.loss"]?.scalar ?? .nan
    #expect(abs(loss.value.scalar - expectedLoss) <= 1e-5 * abs(expectedLoss) + 1e-6, "loss \(loss.value.scalar) vs \(expectedLoss)")
    let gradients = binding.gradients(of: loss)
    for name in fixture.parameters.names {
      let (ok, worst) = PyTorchFixtureTests.close(
        gradients[name]?.scalars ?? [], fixture.tensors["grad.\(name)"]?.scalars ?? [], relative: 1e-4, absolute: 1e-6)
      #expect(ok, "gradient of \(name) differs by up to \(worst)")
    }
    var optimizer = AdamW()
    for _ in 0..<3 {
      _ = try fixture.model.trainingStep(
        fixture.batch, parameters: &fixture.parameters, buffers: &fixture.buffers, optimizer: &optimizer,
        schedule: .linearWarmup(steps: 10))
    }
    // With pure BN, the bias of a Linear feeding a BN has an exact gradient of zero (BN removes any
    // per-channel shift); AdamW turns both libraries' rounding noise there into steps of about ±lr, so those
    // biases (and the running means they shift) agree only to ~1e-4 absolute; all others to 1e-5 relative.
    let pureBatchNorm = fixture.model.configuration.normalization == .bn
    func shiftOnly(_ name: String) -> Bool {
      pureBatchNorm && (name.hasSuffix("_m.bias") || name.hasSuffix("fc1.bias") || name.hasSuffix("fc2.bias") || name.hasSuffix("running_mean"))
    }
    for name in fixture.parameters.names {
      let (ok, worst) = PyTorchFixtureTests.close(
        fixture.parameters[name]?.scalars ?? [], fixture.tensors["after.\(name)"]?.scalars ?? [], relative: 1e-5,
        absolute: shiftOnly(name) ? 1e-4 : 1e-6)
      #expect(ok, "\(name) after 3 steps differs by up to \(worst)")
    }
    for name in fixture.buffers.tensorNames {
      let (ok, worst) = PyTorchFixtureTests.close(
        fixture.buffers[tensor: name]?.scalars ?? [], fixture.expectedBuffers[tensor: name]?.scalars ?? [], relative: 1e-5,
        absolute: shiftOnly(name) ? 1e-5 : 1e-6)
      #expect(ok, "buffer \(name) after 3 steps differs by up to \(worst)")
    }
    for name in fixture.buffers.counterNames {
      #expect(fixture.buffers[counter: name] == fixture.expectedBuffers[counter: name], "counter \(name)")
    }
    // Evaluation mode after training: running statistics (PTBN and BN), released model's eval outputs.
    let evaluation = Tape()
    let evaluated = fixture.model.predictActions(
      fixture.batch, parameters: fixture.parameters.bind(to: evaluation), pass: SpikingPass(mode: .evaluation, buffers: fixture.buffers))
    let (evaluationOK, evaluationError) = PyTorchFixtureTests.close(
      evaluated.value.scalars, fixture.tensors["output.evaluation"]?.scalars ?? [], relative: 1e-5, absolute: 1e-5)
    #expect(evaluationOK, "evaluation outputs differ by up to \(evaluationError)")
  }
}
