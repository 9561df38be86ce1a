/// Batch normalisation over all axes but the last (Ioffe & Szegedy 2015), training and inference forms.
extension Variable {
  /// Training form: normalises each feature (last axis) with the batch mean and population variance,
  /// `y = γ ⊙ (x − μ_B)/√(σ²_B + ε) + β`, and returns the batch statistics for running averages.
  ///
  /// Backward (per feature, `n` rows, `d = g ⊙ γ`): `dx = (d − mean(d) − x̂ ⊙ mean(d ⊙ x̂)) / √(σ²_B + ε)`,
  /// `dγ = Σ g ⊙ x̂`, `dβ = Σ g` — the layer-norm rule along the other axis.
  /// - Returns: the output and the batch mean and (unbiased, as PyTorch's running estimate uses) variance.
  public func batchNorm(gamma: Variable, beta: Variable, epsilon: Float = 1e-5) -> (
    output: Variable, mean: [Float], unbiasedVariance: [Float]
  ) {
    let width = max(shape.last ?? 1, 1)
    let rows = value.count / max(width, 1)
    // Transpose (rows, width) -> (width, rows), layer-normalise, transpose back.
    let columns = reshaped([rows, width]).transposedLastAxes()
    let ones = tape.constant(Tensor(repeating: 1, shape: [rows]))
    let zeros = tape.constant(Tensor(repeating: 0, shape: [rows]))
    let normalized = columns.layerNorm(gamma: ones, beta: zeros, epsilon: epsilon).transposedLastAxes()
    let output = (normalized * gamma + beta).reshaped(shape)
    let x = value.scalars
    var mean = [Float](repeating: 0, count: width)
    var variance = [Float](repeating: 0, count: width)
    for row in 0..<rows { for column in 0..<width { mean[column] += x[row * width + column] / Float(rows) } }
    for row in 0..<rows {
      for column in 0..<width {
        let delta = x[row * width + column] - mean[column]
        variance[column] += delta * delta / Float(max(rows - 1, 1))
      }
    }
    return (output, mean, variance)
  }

  /// Inference form with running statistics: `y = γ ⊙ (x − μ)/√(σ² + ε) + β`.
  public func batchNorm(
    gamma: Variable, beta: Variable, runningMean: [Float], runningVariance: [Float], epsilon: Float = 1e-5
  ) -> Variable {
    let width = max(shape.last ?? 1, 1)
    let mean = tape.constant(Tensor(shape: [width], scalars: runningMean))
    let scale = tape.constant(Tensor(shape: [width], scalars: runningVariance.map { 1 / ($0 + epsilon).squareRoot() }))
    return (self - mean) * scale * gamma + beta
  }
}
