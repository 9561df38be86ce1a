import DecisionModels
import NeuralNetworks
import TensorEngine
import Testing

@Suite struct TrainingTests {
  /// Behaviour cloning of `action = argmax over 3 classes of a linear function of the state` on
  /// random 4-dimensional states: the loss must fall far below an untrained model's ln 3.
  @Test func fitsASyntheticBehaviourCloningTaskInAFewSeconds() throws {
    var configuration = DecisionTransformerConfiguration(stateDimension: 4, actionDimension: 3, discrete: true)
    configuration.hiddenSize = 32
    configuration.layers = 1
    configuration.innerSize = 64
    configuration.contextLength = 4
    configuration.maxEpisodeLength = 16
    configuration.dropout = 0
    let model = DecisionTransformer(configuration: configuration)
    var parameters = model.initialParameters(seed: 1)
    var generator = NormalGenerator(seed: 2)
    func batch(_ size: Int) -> DecisionBatch {
      let k = 4
      let states = generator.normals(size * k * 4, std: 1)
      let classes = (0..<(size * k)).map { row -> Int in
        let s = Array(states[(row * 4)..<(row * 4 + 4)])
        let scores = [s[0] + s[1], s[2] - s[0], s[3] - s[1]]
        return scores.firstIndex(of: scores.max() ?? 0) ?? 0
      }
      let oneHot = classes.flatMap { c in (0..<3).map { $0 == c ? Float(1) : 0 } }
      return DecisionBatch(
        batchSize: size, contextLength: k, states: states, actionInputs: oneHot, actionTargets: classes.map { Float($0) },
        returnsToGo: Array(repeating: 1, count: size * k), timesteps: (0..<(size * k)).map { $0 % k },
        mask: Array(repeating: 1, count: size * k))
    }
    var adam = AdamW.Configuration()
    adam.learningRate = 3e-3
    var optimizer = AdamW(configuration: adam)
    var context = ForwardContext.evaluation
    let initial = try model.trainingStep(
      batch(16), parameters: &parameters, optimizer: &optimizer, schedule: .linearWarmup(steps: 1), maxGradientNorm: 1,
      context: &context)
    #expect(abs(initial.loss - 1.0986) < 0.2, "an untrained model is near chance, ln 3")
    var last = initial.loss
    for _ in 0..<60 {
      last = try model.trainingStep(
        batch(16), parameters: &parameters, optimizer: &optimizer, schedule: .linearWarmup(steps: 1), maxGradientNorm: 1,
        context: &context
      ).loss
    }
    #expect(last < 0.5, "loss after training \(last)")
  }

  @Test func actionUsesOnlyTheLastKStepsAndIsDeterministic() {
    var configuration = DecisionTransformerConfiguration(stateDimension: 2, actionDimension: 2, discrete: false)
    configuration.hiddenSize = 16
    configuration.layers = 1
    configuration.innerSize = 32
    configuration.contextLength = 3
    configuration.maxEpisodeLength = 20
    let model = DecisionTransformer(configuration: configuration)
    let parameters = model.initialParameters(seed: 3)
    var long = DecisionContext()
    var short = DecisionContext()
    for t in 0..<6 {
      long.append(state: [Float(t), 1], action: [0.1, -0.1], returnToGo: Float(6 - t), timestep: t)
      if t >= 3 { short.append(state: [Float(t), 1], action: [0.1, -0.1], returnToGo: Float(6 - t), timestep: t) }
    }
    let a = model.action(context: long, parameters: parameters)
    #expect(a == model.action(context: short, parameters: parameters))
    #expect(a.count == 2 && a.allSatisfy { abs($0) <= 1 })
    var one = DecisionContext()
    one.append(state: [0, 1], action: [0, 0], returnToGo: 1, timestep: 0)
    #expect(model.action(context: one, parameters: parameters).count == 2)
  }
}
