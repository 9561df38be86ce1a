public import NeuralNetworks
import TensorEngine

extension DecisionTransformer {
  /// The action for the last step of one context (batch 1, no gradients, no dropout).
  ///
  /// The context holds up to K most recent steps (older ones are dropped, fewer are left-padded as in
  /// training); the last step's action slot is a placeholder (it is what is being predicted).
  /// - Parameters:
  ///   - context: the recent steps (normalised states, scaled returns-to-go, absolute timesteps, action
  ///     tokens as in `DecisionBatch`).
  ///   - parameters: the model's parameters.
  /// - Returns: the predicted action vector (tanh-squashed) or the logits (discrete).
  public func action(context: DecisionContext, parameters: ParameterStore) -> [Float] {
    let c = configuration
    let k = c.contextLength
    let steps = min(context.count, k)
    let padding = k - steps
    let start = context.count - steps
    let states = Array(repeating: Float(0), count: padding * c.stateDimension)
      + context.states[(start * c.stateDimension)...]
    let padValue: Float = c.discrete ? 0 : -10
    let actions = Array(repeating: padValue, count: padding * c.actionDimension)
      + context.actions[(start * c.actionDimension)...]
    let batch = DecisionBatch(
      batchSize: 1, contextLength: k, states: Array(states), actionInputs: Array(actions), actionTargets: [],
      returnsToGo: Array(repeating: 0, count: padding) + context.returnsToGo[start...],
      timesteps: Array(repeating: 0, count: padding) + context.timesteps[start...],
      mask: Array(repeating: 0, count: padding) + Array(repeating: 1, count: steps))
    let tape = Tape()
    return tape.withoutGradients {
      var evaluation = ForwardContext.evaluation
      let predictions = predictActions(batch, parameters: parameters.bind(to: tape), context: &evaluation)
      return Array(predictions.value.scalars.suffix(c.actionDimension))
    }
  }
}

/// The recent history a Decision Transformer acts on, oldest first.
public struct DecisionContext: Sendable, Equatable {
  /// Normalised states, `count × stateDimension`.
  public var states: [Float] = []
  /// Action tokens, `count × actionDimension` (the last is a placeholder).
  public var actions: [Float] = []
  /// Scaled returns-to-go.
  public var returnsToGo: [Float] = []
  /// Absolute timesteps.
  public var timesteps: [Int] = []

  /// An empty context.
  public init() {}

  /// The number of steps held.
  public var count: Int { returnsToGo.count }

  /// Appends a step.
  public mutating func append(state: [Float], action: [Float], returnToGo: Float, timestep: Int) {
    states += state
    actions += action
    returnsToGo.append(returnToGo)
    timesteps.append(timestep)
  }
}
