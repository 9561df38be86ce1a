/// Reshaping and transposition.
extension Variable {
  /// The same elements with a new shape of equal element count. Backward: reshape back.
  public func reshaped(_ shape: [Int]) -> Variable {
    let original = self.shape
    return tape.record(Tensor(shape: shape, scalars: value.scalars), parents: [self]) { g in
      [Tensor(shape: original, scalars: g.scalars)]
    }
  }

  /// Swaps the last two axes. Backward: swap them back.
  public func transposedLastAxes() -> Variable {
    tape.record(value.transposedLastAxes(), parents: [self]) { g in [g.transposedLastAxes()] }
  }
}

extension Tensor {
  /// The tensor with its last two axes swapped (a copy).
  func transposedLastAxes() -> Tensor {
    precondition(rank >= 2, "transpose needs rank >= 2, got \(shape)")
    let (rows, columns) = (shape[rank - 2], shape[rank - 1])
    let batch = count / max(rows * columns, 1)
    var result = [Float](repeating: 0, count: count)
    for b in 0..<batch {
      let base = b * rows * columns
      for r in 0..<rows { for c in 0..<columns { result[base + c * rows + r] = scalars[base + r * columns + c] } }
    }
    return Tensor(shape: Array(shape.dropLast(2)) + [columns, rows], scalars: result)
  }
}
