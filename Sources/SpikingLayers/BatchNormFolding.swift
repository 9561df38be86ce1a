/// Folding an evaluation-mode batch norm into the Linear before it (the inference form of PTBN/BN).
public enum BatchNormFolding {
  /// `W' = diag(scale)·W`, `b' = scale ⊙ b + shift`, so that `x·W'ᵀ + b' = (x·Wᵀ + b)·scale + shift`.
  /// - Parameters:
  ///   - weight: `(out, in)` row-major.
  ///   - bias: `(out,)`.
  ///   - scale: `γ/√(σ² + ε)` per output; shift: `β − μ·scale` (`TemporalNorm.inferenceAffine`).
  /// - Returns: the folded weight and bias.
  public static func fold(weight: [Float], bias: [Float], scale: [Float], shift: [Float]) -> (weight: [Float], bias: [Float]) {
    let outputs = bias.count
    precondition(scale.count == outputs && shift.count == outputs && weight.count % max(outputs, 1) == 0, "folding shapes disagree")
    let inputs = weight.count / max(outputs, 1)
    var folded = weight
    for o in 0..<outputs { for i in 0..<inputs { folded[o * inputs + i] *= scale[o] } }
    return (folded, (0..<outputs).map { bias[$0] * scale[$0] + shift[$0] })
  }
}
