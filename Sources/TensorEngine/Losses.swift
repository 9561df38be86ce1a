import Foundation

/// Training losses with masks for padded positions.
extension Variable {
  /// Mean cross-entropy of logits `(N, C)` against class indices, over rows whose mask is non-zero.
  ///
  /// `L = Σ_i m_i·(−log softmax(z_i)[t_i]) / Σ_i m_i`; backward `∂L/∂z_i = m_i·(softmax(z_i) − onehot(t_i)) / Σ m`.
  /// Rows with mask 0 (padding) contribute nothing; an all-zero mask gives 0.
  /// - Parameters:
  ///   - targets: one class index per row, in `0..<C` (ignored where the mask is 0).
  ///   - mask: one weight per row (1 real, 0 padding).
  ///   - normalizer: the divisor instead of `Σ m` (a shard of a batch divides by the whole batch's count).
  public func crossEntropy(targets: [Int], mask: [Float], normalizer: Float? = nil) -> Variable {
    let logits = value
    precondition(logits.rank == 2 && targets.count == logits.shape[0] && mask.count == targets.count,
      "cross-entropy needs logits (N, C), N targets and N mask values")
    let classes = logits.shape[1]
    let probabilities = logits.softmaxLastAxis()
    let total = normalizer ?? mask.reduce(0, +)
    var loss: Float = 0
    for row in targets.indices where mask[row] != 0 {
      precondition((0..<classes).contains(targets[row]), "target \(targets[row]) outside 0..<\(classes)")
      loss -= mask[row] * Foundation.log(max(probabilities.scalars[row * classes + targets[row]], .leastNormalMagnitude))
    }
    let scale: Float = total > 0 ? 1 / total : 0
    return tape.record(Tensor(loss * scale), parents: [self]) { g in
      var gradient = [Float](repeating: 0, count: logits.count)
      for row in targets.indices where mask[row] != 0 {
        for column in 0..<classes {
          let oneHot: Float = column == targets[row] ? 1 : 0
          gradient[row * classes + column] = g.scalar * mask[row] * scale * (probabilities.scalars[row * classes + column] - oneHot)
        }
      }
      return [Tensor(shape: logits.shape, scalars: gradient)]
    }
  }

  /// Mean squared error of predictions `(N, D)` against targets over rows whose mask is non-zero:
  /// `Σ_i m_i Σ_d (p − t)² / (D·Σ m)`. Backward: `2·m_i·(p − t)/(D·Σ m)`.
  /// - Parameter normalizer: the divisor instead of `Σ m` (a shard of a batch divides by the whole batch's).
  public func maskedMSE(targets: Tensor, mask: [Float], normalizer: Float? = nil) -> Variable {
    let predictions = value
    precondition(predictions.shape == targets.shape && predictions.rank == 2 && mask.count == predictions.shape[0],
      "masked MSE needs predictions and targets (N, D) and N mask values")
    let width = predictions.shape[1]
    let total = normalizer ?? mask.reduce(0, +)
    let scale: Float = total > 0 ? 1 / (total * Float(width)) : 0
    var loss: Float = 0
    for row in mask.indices where mask[row] != 0 {
      for i in (row * width)..<((row + 1) * width) {
        let difference = predictions.scalars[i] - targets.scalars[i]
        loss += mask[row] * difference * difference
      }
    }
    return tape.record(Tensor(loss * scale), parents: [self]) { g in
      var gradient = [Float](repeating: 0, count: predictions.count)
      for row in mask.indices where mask[row] != 0 {
        for i in (row * width)..<((row + 1) * width) {
          gradient[i] = g.scalar * 2 * mask[row] * (predictions.scalars[i] - targets.scalars[i]) * scale
        }
      }
      return [Tensor(shape: predictions.shape, scalars: gradient)]
    }
  }
}
