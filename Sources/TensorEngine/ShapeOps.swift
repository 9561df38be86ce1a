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

extension Variable {
  /// Reorders the axes: result axis `i` is input axis `axes[i]`. Backward: the inverse permutation.
  public func permuted(_ axes: [Int]) -> Variable {
    let inverse = axes.indices.map { axes.firstIndex(of: $0) ?? 0 }
    return tape.record(value.permuted(axes), parents: [self]) { g in [g.permuted(inverse)] }
  }
}

extension Tensor {
  /// A copy with axes reordered (`axes` is a permutation of `0..<rank`).
  func permuted(_ axes: [Int]) -> Tensor {
    precondition(axes.sorted() == Array(0..<rank), "\(axes) is not a permutation of the axes of \(shape)")
    let newShape = axes.map { shape[$0] }
    let sourceStrides = Tensor.strides(shape)
    let strides = axes.map { sourceStrides[$0] }
    var result = [Float](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: rank)
    var offset = 0
    for position in 0..<count {
      result[position] = scalars[offset]
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        offset += strides[axis]
        if index[axis] < newShape[axis] { break }
        offset -= strides[axis] * newShape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
    return Tensor(shape: newShape, scalars: result)
  }
}
