@testable import DecisionModels
import NeuralNetworks
import TensorEngine
import Testing

@Suite struct DecisionTransformerRunnerTests {
  static func model(discrete: Bool, layers: Int, heads: Int, activation: TransformerBlock.Activation) -> DecisionTransformer {
    var c = DecisionTransformerConfiguration(stateDimension: 3, actionDimension: discrete ? 4 : 2, discrete: discrete)
    c.hiddenSize = 24
    c.layers = layers
    c.heads = heads
    c.innerSize = 40
    c.contextLength = 5
    c.maxEpisodeLength = 30
    c.activation = activation
    return DecisionTransformer(configuration: c)
  }

  static func context(steps: Int, actionDimension: Int, seed: UInt64) -> DecisionContext {
    var generator = NormalGenerator(seed: seed)
    var context = DecisionContext()
    for t in 0..<steps {
      context.append(
        state: generator.normals(3, std: 1), action: generator.normals(actionDimension, std: 0.5),
        returnToGo: Float(steps - t) / 4, timestep: t + 25)  // crosses maxEpisodeLength: clamped
    }
    return context
  }

  /// The runner equals the tape path (padding included) for short, exactly-K and longer contexts.
  @Test(arguments: [(false, 3, 1, TransformerBlock.Activation.relu), (true, 2, 2, .gelu), (false, 1, 3, .relu)])
  func runnerMatchesTheTapePath(discrete: Bool, layers: Int, heads: Int, activation: TransformerBlock.Activation) throws {
    let model = Self.model(discrete: discrete, layers: layers, heads: heads, activation: activation)
    var parameters = model.initialParameters(seed: 11)
    // Non-trivial layer-norm parameters and biases, so every tensor matters.
    var generator = NormalGenerator(seed: 12)
    for name in parameters.names {
      parameters.modify(name) { t in t = Tensor(shape: t.shape, scalars: zip(t.scalars, generator.normals(t.count, std: 0.3)).map(+)) }
    }
    // One thread, and products split over a pool of two and of three threads.
    // ... with the packed kernel (where the CPU has one) and with BLAS only.
    for (threads, packing) in [(1, true), (2, true), (3, true), (1, false), (2, false)] {
      let runner = try DecisionTransformerRunner(model: model, parameters: parameters, threads: threads, allowPacking: packing)
      for steps in [1, 2, 5, 9] {
        let context = Self.context(steps: steps, actionDimension: model.configuration.actionDimension, seed: UInt64(steps))
        let expected = model.action(context: context, parameters: parameters)
        let actual = runner.action(context: context)
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
          #expect(abs(a - e) <= 2e-5 * max(1, abs(e)), "threads \(threads), steps \(steps): \(actual) vs \(expected)")
        }
        #expect(runner.action(context: context) == actual)
      }
    }
  }

  @Test func missingOrMisshapenParametersAreTypedErrors() {
    let model = Self.model(discrete: false, layers: 2, heads: 1, activation: .relu)
    var parameters = model.initialParameters(seed: 1)
    parameters["transformer.h.1.mlp.c_fc.bias"] = nil
    #expect(throws: DecisionModelError.missingParameter(name: "transformer.h.1.mlp.c_fc.bias")) {
      try DecisionTransformerRunner(model: model, parameters: parameters)
    }
    parameters = model.initialParameters(seed: 1)
    parameters["embed_state.weight"] = Tensor(repeating: 0, shape: [24, 4])
    #expect(throws: DecisionModelError.parameterShape(name: "embed_state.weight", expected: [24, 3], found: [24, 4])) {
      try DecisionTransformerRunner(model: model, parameters: parameters)
    }
  }
}
