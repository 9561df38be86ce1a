import DecisionModels
import Foundation
import NeuralNetworks
import SpikingLayers
import TensorEngine
import Testing

/// Cross-check of the SNN-DT against PyTorch + Norse 1.1.0 (Fixtures/make_snndt_fixture.py): predictions, loss,
/// gradients and parameters after three AdamW steps, for Norse's default neurons and for fast neurons with
/// phase gating and dendritic routing.
@Suite struct SNNDTFixtureTests {
  @Test(arguments: ["snndt_fixture_default_continuous.safetensors", "snndt_fixture_fast_gated_routed_discrete.safetensors"])
  func forwardLossGradientsAndThreeStepsMatchPyTorch(file: String) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(file)")
    let contents = try Safetensors.read(url.path)
    let tensors = Dictionary(uniqueKeysWithValues: contents.tensors.map { ($0.name, $0.tensor) })
    let meta = try JSONSerialization.jsonObject(with: Data((contents.metadata["config"] ?? "{}").utf8)) as? [String: Any] ?? [:]
    var c = SNNDecisionTransformerConfiguration(
      stateDimension: meta["state_dim"] as? Int ?? 0, actionDimension: meta["act_dim"] as? Int ?? 0,
      discrete: meta["discrete"] as? Bool ?? false)
    (c.hiddenSize, c.innerSize, c.layers, c.contextLength, c.maxEpisodeLength, c.dropout) = (32, 64, 2, 5, 50, 0)
    c.heads = meta["heads"] as? Int ?? 1
    c.timeSteps = meta["T"] as? Int ?? 4
    c.positionalGating = meta["gating"] as? Bool ?? false
    c.dendriticRouting = meta["routing"] as? Bool ?? false
    func neuron(_ key: String) -> NeuronModel {
      let values = meta[key] as? [String: Double] ?? [:]
      var lif = NorseLIF()
      lif.tauMembraneInverse = Float(values["tau_mem_inv"] ?? 100)
      lif.threshold = Float(values["v_th"] ?? 1)
      return .norse(lif)
    }
    (c.neuron, c.outputNeuron) = (neuron("neuron"), neuron("output_neuron"))
    let model = SNNDecisionTransformer(configuration: c)
    let initial = model.initialParameters(seed: 0)
    #expect(Set(initial.names) == Set(tensors.keys.filter { $0.hasPrefix("param.") }.map { String($0.dropFirst(6)) }))
    var parameters = ParameterStore()
    for name in initial.names { parameters[name] = tensors["param.\(name)"] }
    let get = { (key: String) in tensors[key]?.scalars ?? [] }
    let batch = DecisionBatch(
      batchSize: 3, contextLength: 5, states: get("input.states"), actionInputs: get("input.actions"),
      actionTargets: get("input.targets"), returnsToGo: get("input.rtg"), timesteps: get("input.timesteps").map { Int($0) },
      mask: get("input.mask"))
    let tape = Tape()
    let binding = parameters.bind(to: tape)
    var context = ForwardContext.evaluation
    let recorder = SpikeRecorder()
    let predictions = model.predictActions(batch, parameters: binding, context: &context, pass: SpikingPass(
      mode: .training, buffers: BufferStore(), recorder: recorder))
    let (ok, error) = PyTorchFixtureTests.close(predictions.value.scalars, get("output.predictions"), relative: 1e-5, absolute: 1e-5)
    #expect(ok, "predictions differ by up to \(error)")
    let loss = DecisionLoss.masked(predictions, batch, actionDimension: c.actionDimension, discrete: c.discrete, normalizer: nil)
    let expectedLoss = tensors["output.loss"]?.scalar ?? .nan
    #expect(abs(loss.value.scalar - expectedLoss) <= 1e-5 * abs(expectedLoss) + 1e-6, "loss \(loss.value.scalar) vs \(expectedLoss)")
    let gradients = binding.gradients(of: loss)
    for name in parameters.names {
      let (ok, worst) = PyTorchFixtureTests.close(gradients[name]?.scalars ?? [], get("grad.\(name)"), relative: 1e-4, absolute: 1e-6)
      #expect(ok, "gradient of \(name) differs by up to \(worst)")
    }
    if c.positionalGating { #expect(recorder.totalSpikes > 0, "the fast neurons must fire") }
    var optimizer = AdamW()
    for _ in 0..<3 {
      var step = ForwardContext.evaluation
      _ = try model.trainingStep(batch, parameters: &parameters, optimizer: &optimizer, schedule: .linearWarmup(steps: 10), context: &step)
    }
    for name in parameters.names {
      let (ok, worst) = PyTorchFixtureTests.close(parameters[name]?.scalars ?? [], get("after.\(name)"), relative: 1e-5, absolute: 1e-6)
      #expect(ok, "\(name) after 3 steps differs by up to \(worst)")
    }
  }
}
