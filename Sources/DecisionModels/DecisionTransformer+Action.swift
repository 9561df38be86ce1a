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
    let batch = context.paddedWindow(contextLength: c.contextLength, stateDimension: c.stateDimension,
      actionDimension: c.actionDimension, actionPad: c.discrete ? 0 : -10)
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

  /// The last `contextLength` steps as a batch of one window, left-padded with zero states, returns-to-go
  /// and timesteps, `actionPad` actions and mask 0.
  public func paddedWindow(contextLength k: Int, stateDimension: Int, actionDimension: Int, actionPad: Float) -> DecisionBatch {
    let steps = min(count, k)
    let padding = k - steps
    let start = count - steps
    let paddedStates = Array(repeating: Float(0), count: padding * stateDimension) + states[(start * stateDimension)...]
    let paddedActions = Array(repeating: actionPad, count: padding * actionDimension) + actions[(start * actionDimension)...]
    return DecisionBatch(
      batchSize: 1, contextLength: k, states: Array(paddedStates), actionInputs: Array(paddedActions), actionTargets: [],
      returnsToGo: Array(repeating: 0, count: padding) + returnsToGo[start...],
      timesteps: Array(repeating: 0, count: padding) + timesteps[start...],
      mask: Array(repeating: 0, count: padding) + Array(repeating: 1, count: steps))
  }

  /// Appends a step.
  public mutating func append(state: [Float], action: [Float], returnToGo: Float, timestep: Int) {
    states += state
    actions += action
    returnsToGo.append(returnToGo)
    timesteps.append(timestep)
  }
}
