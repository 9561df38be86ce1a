/// Sums and means over one axis or all elements.
extension Variable {
  /// The sum of all elements (a scalar). Backward: `g` broadcast to every element.
  public func sum() -> Variable {
    let shape = self.shape
    return tape.record(Tensor(value.scalars.reduce(0, +)), parents: [self]) { g in
      [Tensor(repeating: g.scalar, shape: shape)]
    }
  }

  /// The mean of all elements (a scalar).
  public func mean() -> Variable { sum() * (1 / Float(max(value.count, 1))) }

  /// The sum over `axis`, which is kept with extent 1 (so results broadcast against the input).
  /// Backward: `g` broadcast back along the axis.
  public func sum(axis: Int) -> Variable {
    let x = value
    let axis = Tensor.normalize(axis: axis, rank: x.rank)
    let (outer, extent, inner) = x.split(at: axis)
    var result = [Float](repeating: 0, count: outer * inner)
    for o in 0..<outer {
      for e in 0..<extent {
        let base = (o * extent + e) * inner
        for i in 0..<inner { result[o * inner + i] += x.scalars[base + i] }
      }
    }
    var shape = x.shape
    shape[axis] = 1
    return tape.record(Tensor(shape: shape, scalars: result), parents: [self]) { g in
      [Broadcast.map(g, Tensor(repeating: 0, shape: x.shape), +)]
    }
  }

  /// The mean over `axis` (kept with extent 1).
  public func mean(axis: Int) -> Variable {
    let extent = shape[Tensor.normalize(axis: axis, rank: shape.count)]
    return sum(axis: axis) * (1 / Float(extent))
  }
}

extension Tensor {
  /// `(product of axes before, extent of axis, product of axes after)`.
  func split(at axis: Int) -> (outer: Int, extent: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
  }
}
