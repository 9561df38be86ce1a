public import NeuralNetworks
import TensorEngine

extension DecisionTransformer {
  /// The result of one training step.
  public struct StepReport: Sendable, Equatable {
    /// The loss before the update.
    public let loss: Float
    /// The global gradient norm before clipping.
    public let gradientNorm: Float
  }

  /// One optimisation step: forward, masked loss, backward, global-norm clipping, AdamW with the
  /// scheduled learning rate (kzl: clip 0.25, lr 1e-4, weight decay 1e-4, linear warmup).
  /// - Parameters:
  ///   - batch: the training windows.
  ///   - parameters: updated in place.
  ///   - optimizer: its moments and step count are updated.
  ///   - schedule: the learning-rate multiplier (evaluated at the optimizer's step count).
  ///   - maxGradientNorm: the clipping threshold.
  ///   - context: dropout settings and generator (advanced).
  /// - Returns: loss and gradient norm.
  /// - Throws: `TrainingError.nonFiniteGradientNorm` (parameters untouched).
  public func trainingStep(
    _ batch: DecisionBatch, parameters: inout ParameterStore, optimizer: inout AdamW,
    schedule: LearningRateSchedule, maxGradientNorm: Float = 0.25, context: inout ForwardContext
  ) throws(TrainingError) -> StepReport {
    let tape = Tape()
    let binding = parameters.bind(to: tape)
    let loss = self.loss(batch, parameters: binding, context: &context)
    var gradients = binding.gradients(of: loss)
    let norm = try GradientClipping.clip(&gradients, maxNorm: maxGradientNorm)
    let rate = optimizer.configuration.learningRate * schedule.factor(step: optimizer.step)
    optimizer.update(&parameters, gradients: gradients, learningRate: rate)
    return StepReport(loss: loss.value.scalar, gradientNorm: norm)
  }
}
