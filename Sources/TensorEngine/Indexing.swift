/// Gathers, slices, concatenation and masking.
extension Variable {
  /// Rows of a table `(V, D)` at `indices`: result `(indices.count, D)` (an embedding lookup).
  /// Backward: scatter-add of the gradient rows into the table's gradient.
  /// - Precondition: every index lies in `0..<V`.
  public func gather(rows indices: [Int]) -> Variable {
    let table = value
    precondition(table.rank == 2, "gather needs a (V, D) table, got \(table.shape)")
    let (vocabulary, width) = (table.shape[0], table.shape[1])
    var result = [Float]()
    result.reserveCapacity(indices.count * width)
    for index in indices {
      precondition((0..<vocabulary).contains(index), "index \(index) outside 0..<\(vocabulary)")
      result += table.scalars[(index * width)..<((index + 1) * width)]
    }
    return tape.record(Tensor(shape: [indices.count, width], scalars: result), parents: [self]) { g in
      var gradient = [Float](repeating: 0, count: table.count)
      for (row, index) in indices.enumerated() {
        for column in 0..<width { gradient[index * width + column] += g.scalars[row * width + column] }
      }
      return [Tensor(shape: table.shape, scalars: gradient)]
    }
  }

  /// Elements `range` of `axis` (kept as an axis). Backward: the gradient placed back, zeros elsewhere.
  public func slice(axis: Int, _ range: Range<Int>) -> Variable {
    let x = value
    let axis = Tensor.normalize(axis: axis, rank: x.rank)
    let (outer, extent, inner) = x.split(at: axis)
    precondition(range.lowerBound >= 0 && range.upperBound <= extent, "slice \(range) outside 0..<\(extent)")
    var result = [Float]()
    result.reserveCapacity(outer * range.count * inner)
    for o in 0..<outer { result += x.scalars[((o * extent + range.lowerBound) * inner)..<((o * extent + range.upperBound) * inner)] }
    var shape = x.shape
    shape[axis] = range.count
    return tape.record(Tensor(shape: shape, scalars: result), parents: [self]) { g in
      var gradient = [Float](repeating: 0, count: x.count)
      for o in 0..<outer {
        for k in 0..<(range.count * inner) {
          gradient[(o * extent + range.lowerBound) * inner + k] = g.scalars[o * range.count * inner + k]
        }
      }
      return [Tensor(shape: x.shape, scalars: gradient)]
    }
  }

  /// Positions `start, start + step, ...` of axis 1 of `(B, T, D)`: `(B, ⌈(T − start)/step⌉, D)`.
  /// Backward: the gradient rows placed back, zeros elsewhere.
  public func rows(start: Int, step: Int) -> Variable {
    let x = value
    precondition(x.rank == 3 && start >= 0 && start < max(x.shape[1], 1) && step >= 1, "rows(start:step:) needs (B, T, D) and start in 0..<T")
    let (batch, length, width) = (x.shape[0], x.shape[1], x.shape[2])
    let count = (length - start + step - 1) / step
    let picked = Tensor.uninitialized(shape: [batch, count, width]) { y, _ in
      x.withElements { px in
        for b in 0..<batch {
          for r in 0..<count {
            (y + (b * count + r) * width).update(from: px + (b * length + start + r * step) * width, count: width)
          }
        }
      }
    }
    return tape.record(picked, parents: [self]) { g in
      [Tensor.zeros(shape: x.shape) { dx, _ in
        g.withElements { pg in
          for b in 0..<batch {
            for r in 0..<count {
              (dx + (b * length + start + r * step) * width).update(from: pg + (b * count + r) * width, count: width)
            }
          }
        }
      }]
    }
  }

  /// Concatenation along `axis` (other axes equal). Backward: the gradient split back.
  public static func concatenate(_ parts: [Variable], axis: Int) -> Variable {
    precondition(!parts.isEmpty, "concatenate needs at least one part")
    let values = parts.map(\.value)
    let axis = Tensor.normalize(axis: axis, rank: values[0].rank)
    let splits = values.map { $0.split(at: axis) }
    let outer = splits[0].outer
    let inner = splits[0].inner
    precondition(splits.allSatisfy { $0.outer == outer && $0.inner == inner }, "concatenate needs matching shapes")
    var result = [Float]()
    for o in 0..<outer {
      for (value, split) in zip(values, splits) {
        result += value.scalars[(o * split.extent * inner)..<((o + 1) * split.extent * inner)]
      }
    }
    var shape = values[0].shape
    shape[axis] = splits.map(\.extent).reduce(0, +)
    let total = shape[axis]
    return parts[0].tape.record(Tensor(shape: shape, scalars: result), parents: parts) { g in
      var offset = 0
      return zip(values, splits).map { value, split in
        var gradient = [Float]()
        gradient.reserveCapacity(value.count)
        for o in 0..<outer {
          let start = (o * total + offset) * inner
          gradient += g.scalars[start..<(start + split.extent * inner)]
        }
        offset += split.extent
        return Tensor(shape: value.shape, scalars: gradient)
      }
    }
  }

  /// Replaces elements where `mask` is true by `value` (mask broadcast against the input, e.g. a causal
  /// `(T, T)` mask over `(B, H, T, T)` scores). Backward: the gradient with masked positions zeroed.
  public func maskedFill(_ mask: Tensor, with fill: Float) -> Variable {
    let x = value
    let ones = Broadcast.map(Tensor(repeating: 0, shape: x.shape), mask) { _, m in m != 0 ? 1 : 0 }
    let filled = Broadcast.map(x, ones) { v, m in m != 0 ? fill : v }
    return tape.record(filled, parents: [self]) { g in [g.zipped(ones) { v, m in m != 0 ? 0 : v }] }
  }
}
