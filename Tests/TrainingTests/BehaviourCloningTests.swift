import ClassicControl
import DecisionModels
import Experts
import NeuralNetworks
import RLCore
import SpikingLayers
import TensorEngine
import Testing
import Trajectories
import Training

/// Decision SpikeFormer-PSSA learns the CartPole expert's actions by behaviour cloning in a short run.
@Suite struct BehaviourCloningTests {
  @Test func spikingDSFormerAgreesWithTheCartPoleExpert() throws {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    let collector = ExpertCollector(spec: try registry.spec("CartPole-v1"), quality: .expert, seed: 3)
    let episodes = try collector.collect(episodes: 6, workers: 2)
    let dataset = collector.dataset(of: episodes, environment: try registry.make("CartPole-v1"))
    var c = SpikingDecisionTransformerConfiguration(stateDimension: 4, actionDimension: 2, discrete: true)
    (c.hiddenSize, c.layers, c.contextLength, c.timeSteps, c.progressiveSteps) = (64, 2, 8, 4, 20)
    let model = SpikingDecisionTransformer(configuration: c)
    var (parameters, buffers) = model.initialState(seed: 1)
    var sampler = WindowSampler(dataset: dataset, contextLength: c.contextLength, returnScale: 500, seed: 2)
    var adam = AdamW.Configuration()
    adam.learningRate = 2e-3
    var optimizer = AdamW(configuration: adam)
    for _ in 0..<100 {
      let batch = DecisionBatch(sampler.sample(batchSize: 16), discrete: true, actionCount: 2)
      _ = try model.trainingStep(batch, parameters: &parameters, buffers: &buffers, optimizer: &optimizer,
        schedule: .linearWarmup(steps: 10), maxGradientNorm: 1)
    }
    // Agreement on fresh windows, evaluation mode (PTBN as BN with running statistics).
    var (agree, total) = (0, 0)
    for _ in 0..<4 {
      let batch = DecisionBatch(sampler.sample(batchSize: 32), discrete: true, actionCount: 2)
      let tape = Tape()
      let logits = tape.withoutGradients {
        model.predictActions(batch, parameters: parameters.bind(to: tape), pass: SpikingPass(mode: .evaluation, buffers: buffers)).value
      }
      for slot in 0..<(batch.batchSize * batch.contextLength) where batch.mask[slot] != 0 {
        let predicted = logits.scalars[slot * 2 + 1] > logits.scalars[slot * 2] ? 1 : 0
        agree += predicted == Int(batch.actionTargets[slot]) ? 1 : 0
        total += 1
      }
    }
    let agreement = Double(agree) / Double(total)
    #expect(agreement >= 0.95, "action agreement \(agreement) over \(total) steps")
  }
}
