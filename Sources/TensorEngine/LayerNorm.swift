/// Layer normalisation over the last axis as one fused operation (Ba, Kiros & Hinton 2016).
extension Variable {
  /// `y = γ ⊙ (x − μ)/√(σ² + ε) + β`, with μ and σ² (population variance) over the last axis.
  ///
  /// Backward per row, with `x̂` the normalised input and `d = g ⊙ γ`:
  /// `dx = (d − mean(d) − x̂ ⊙ mean(d ⊙ x̂)) / √(σ² + ε)`, `dγ = Σ_rows g ⊙ x̂`, `dβ = Σ_rows g`.
  /// - Parameters:
  ///   - gamma: the scale, shape `(D,)`.
  ///   - beta: the shift, shape `(D,)`.
  ///   - epsilon: added to the variance (PyTorch's default 1e-5).
  public func layerNorm(gamma: Variable, beta: Variable, epsilon: Float = 1e-5) -> Variable {
    let x = value
    let width = max(x.shape.last ?? 1, 1)
    precondition(gamma.shape == [width] && beta.shape == [width], "layer norm parameters must have shape [\(width)]")
    let (g, b) = (gamma.value.scalars, beta.value.scalars)
    var normalized = [Float](repeating: 0, count: x.count)
    var inverseDeviation = [Float](repeating: 0, count: x.count / max(width, 1))
    var output = [Float](repeating: 0, count: x.count)
    for (rowIndex, row) in stride(from: 0, to: x.count, by: width).enumerated() {
      var mean: Float = 0
      for i in row..<(row + width) { mean += x.scalars[i] }
      mean /= Float(width)
      var variance: Float = 0
      for i in row..<(row + width) { variance += (x.scalars[i] - mean) * (x.scalars[i] - mean) }
      let inverse = 1 / (variance / Float(width) + epsilon).squareRoot()
      inverseDeviation[rowIndex] = inverse
      for (column, i) in (row..<(row + width)).enumerated() {
        normalized[i] = (x.scalars[i] - mean) * inverse
        output[i] = g[column] * normalized[i] + b[column]
      }
    }
    return tape.record(Tensor(shape: x.shape, scalars: output), parents: [self, gamma, beta]) { gradient in
      var dx = [Float](repeating: 0, count: x.count)
      var dGamma = [Float](repeating: 0, count: width)
      var dBeta = [Float](repeating: 0, count: width)
      for (rowIndex, row) in stride(from: 0, to: x.count, by: width).enumerated() {
        var meanD: Float = 0
        var meanDX: Float = 0
        for (column, i) in (row..<(row + width)).enumerated() {
          let d = gradient.scalars[i] * g[column]
          meanD += d
          meanDX += d * normalized[i]
          dGamma[column] += gradient.scalars[i] * normalized[i]
          dBeta[column] += gradient.scalars[i]
        }
        meanD /= Float(width)
        meanDX /= Float(width)
        for (column, i) in (row..<(row + width)).enumerated() {
          let d = gradient.scalars[i] * g[column]
          dx[i] = (d - meanD - normalized[i] * meanDX) * inverseDeviation[rowIndex]
        }
      }
      return [
        Tensor(shape: x.shape, scalars: dx), Tensor(shape: [width], scalars: dGamma), Tensor(shape: [width], scalars: dBeta),
      ]
    }
  }
}
