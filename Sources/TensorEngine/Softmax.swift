import Foundation

/// Numerically stable softmax and log-softmax over the last axis.
extension Variable {
  /// `softmax(x)_i = exp(x_i − max x) / Σ_j exp(x_j − max x)` over the last axis.
  /// Backward: `y ⊙ (g − Σ g⊙y)`.
  public func softmax() -> Variable {
    let y = value.softmaxLastAxis()
    let width = max(y.shape.last ?? 1, 1)
    return tape.record(y, parents: [self]) { g in
      var result = [Float](repeating: 0, count: y.count)
      for row in stride(from: 0, to: y.count, by: width) {
        var dot: Float = 0
        for i in row..<(row + width) { dot += g.scalars[i] * y.scalars[i] }
        for i in row..<(row + width) { result[i] = y.scalars[i] * (g.scalars[i] - dot) }
      }
      return [Tensor(shape: y.shape, scalars: result)]
    }
  }

  /// `log softmax(x)` over the last axis: `x − max − log Σ exp(x − max)`.
  /// Backward: `g − softmax(x)·Σ g`.
  public func logSoftmax() -> Variable {
    let x = value
    let width = max(x.shape.last ?? 1, 1)
    var result = [Float](repeating: 0, count: x.count)
    for row in stride(from: 0, to: x.count, by: width) {
      let slice = x.scalars[row..<(row + width)]
      let maximum = slice.max() ?? 0
      let logSum = Foundation.log(slice.reduce(0) { $0 + Foundation.exp($1 - maximum) }) + maximum
      for i in row..<(row + width) { result[i] = x.scalars[i] - logSum }
    }
    let y = Tensor(shape: x.shape, scalars: result)
    return tape.record(y, parents: [self]) { g in
      var gradient = [Float](repeating: 0, count: x.count)
      for row in stride(from: 0, to: x.count, by: width) {
        let total = g.scalars[row..<(row + width)].reduce(0, +)
        for i in row..<(row + width) { gradient[i] = g.scalars[i] - Foundation.exp(y.scalars[i]) * total }
      }
      return [Tensor(shape: x.shape, scalars: gradient)]
    }
  }
}

extension Tensor {
  /// Softmax over the last axis (max-subtracted).
  func softmaxLastAxis() -> Tensor {
    let width = max(shape.last ?? 1, 1)
    var result = scalars
    for row in stride(from: 0, to: count, by: width) {
      let maximum = scalars[row..<(row + width)].max() ?? 0
      var total: Float = 0
      for i in row..<(row + width) {
        result[i] = Foundation.exp(scalars[i] - maximum)
        total += result[i]
      }
      for i in row..<(row + width) { result[i] /= total }
    }
    return Tensor(shape: shape, scalars: result)
  }
}
