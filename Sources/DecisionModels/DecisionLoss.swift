public import TensorEngine

/// The action losses of return-conditioned sequence models, over the unpadded steps of a batch.
public enum DecisionLoss {
  /// Cross-entropy of logits against class targets (discrete) or MSE against action vectors (continuous).
  /// - Parameters:
  ///   - predictions: `(B, K, actionDimension)`.
  ///   - batch: targets and mask.
  ///   - normalizer: the number of real steps to divide by (a shard divides by its whole batch's).
  public static func masked(
    _ predictions: Variable, _ batch: DecisionBatch, actionDimension: Int, discrete: Bool, normalizer: Float?
  ) -> Variable {
    let rows = batch.batchSize * batch.contextLength
    let flat = predictions.reshaped([rows, actionDimension])
    if discrete {
      return flat.crossEntropy(targets: batch.actionTargets.map { Int($0) }, mask: batch.mask, normalizer: normalizer)
    }
    return flat.maskedMSE(
      targets: Tensor(shape: [rows, actionDimension], scalars: batch.actionTargets), mask: batch.mask, normalizer: normalizer)
  }
}
