import NeuralNetworks
import Testing
import TensorEngine

@Suite struct OptimizationTests {
  /// Printed by Fixtures/make_adamw_fixture.py with torch 2.15 (torch.optim.AdamW, lr 1e-2, wd 1e-1).
  static let torchAfter: [[Float]] = [
    [0.4895000159740448, -1.2387499809265137, 1.9880000352859497, 0.0],
    [0.48634713888168335, -1.2411723136901855, 1.979311466217041, -0.007441367954015732],
    [0.47927966713905334, -1.2451235055923462, 1.981166124343872, -0.0125215919688344],
  ]
  static let gradients: [[Float]] = [[0.1, -0.2, 0.3, 0.0], [-0.05, 0.4, 0.0, 1.0], [0.2, 0.2, -0.7, -0.1]]

  @Test func adamWMatchesPyTorch() {
    var store = ParameterStore()
    store["p"] = Tensor(shape: [4], scalars: [0.5, -1.25, 2.0, 0.0])
    var configuration = AdamW.Configuration()
    configuration.learningRate = 1e-2
    configuration.weightDecay = 1e-1
    var optimizer = AdamW(configuration: configuration)
    for (step, gradient) in Self.gradients.enumerated() {
      optimizer.update(&store, gradients: ["p": Tensor(shape: [4], scalars: gradient)])
      let values = store["p"]?.scalars ?? []
      for (ours, theirs) in zip(values, Self.torchAfter[step]) {
        #expect(abs(ours - theirs) <= 1e-6 + 1e-5 * abs(theirs), "step \(step + 1): \(ours) vs \(theirs)")
      }
    }
    #expect(optimizer.step == 3)
  }

  @Test func clippingScalesToTheMaximumNormAndRefusesNaN() throws {
    var gradients = ["a": Tensor(shape: [2], scalars: [3, 0]), "b": Tensor(shape: [1], scalars: [4])]
    let norm = try GradientClipping.clip(&gradients, maxNorm: 1)
    #expect(norm == 5)
    let clipped = (gradients["a"]?.scalars ?? []) + (gradients["b"]?.scalars ?? [])
    #expect(abs(clipped.reduce(0) { $0 + $1 * $1 }.squareRoot() - 1) < 1e-5)
    var small = ["a": Tensor(shape: [1], scalars: [0.1])]
    #expect(try GradientClipping.clip(&small, maxNorm: 1) == 0.1 && small["a"]?.scalars == [0.1])
    var broken = ["a": Tensor(shape: [2], scalars: [.nan, 1])]
    #expect(throws: TrainingError.self) { try GradientClipping.clip(&broken, maxNorm: 1) }
    #expect(broken["a"]?.scalars[1] == 1)
  }

  @Test func schedules() {
    let warmup = LearningRateSchedule.linearWarmup(steps: 4)
    #expect((0..<6).map { warmup.factor(step: $0) } == [0.25, 0.5, 0.75, 1, 1, 1])
    let cosine = LearningRateSchedule.warmupCosine(warmup: 2, totalSteps: 12, minimumFactor: 0.1)
    #expect(cosine.factor(step: 0) == 0.5 && cosine.factor(step: 2) == 1)
    #expect(abs(cosine.factor(step: 7) - 0.55) < 1e-6)
    #expect(abs(cosine.factor(step: 12) - 0.1) < 1e-6 && abs(cosine.factor(step: 50) - 0.1) < 1e-6)
  }

  @Test func bindingGivesGradientsByNameAndZerosForUnusedParameters() {
    var store = ParameterStore()
    store["layer.weight"] = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
    store["layer.bias"] = Tensor(shape: [2], scalars: [0, 0])
    store["unused"] = Tensor(shape: [1], scalars: [9])
    let tape = Tape()
    let parameters = store.bind(to: tape)
    let x = tape.constant(Tensor(shape: [1, 2], scalars: [1, 1]))
    let loss = x.linear(weight: parameters["layer.weight"], bias: parameters["layer.bias"]).sum()
    let gradients = parameters.gradients(of: loss)
    #expect(gradients["layer.weight"]?.scalars == [1, 1, 1, 1] && gradients["layer.bias"]?.scalars == [1, 1])
    #expect(gradients["unused"]?.scalars == [0])
    #expect(store.names == ["layer.weight", "layer.bias", "unused"] && store.scalarCount == 7)
    #expect(ParameterStore(store.contents()) == store)
  }
}
