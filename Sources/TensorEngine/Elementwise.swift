import CKernels

/// Elementwise arithmetic with NumPy broadcasting; each backward sums the gradient back over the
/// broadcast axes of each operand.
extension Variable {
  /// `a + b`. Backward: `(g, g)`.
  public static func + (a: Variable, b: Variable) -> Variable {
    let (shapeA, shapeB) = (a.shape, b.shape)
    let sum = shapeA == shapeB ? a.value.adding(b.value) : Broadcast.map(a.value, b.value, +)
    return a.tape.record(sum, parents: [a, b]) { g in
      [Broadcast.reduce(g, to: shapeA), Broadcast.reduce(g, to: shapeB)]
    }
  }

  /// `a − b`. Backward: `(g, −g)`.
  public static func - (a: Variable, b: Variable) -> Variable {
    let (shapeA, shapeB) = (a.shape, b.shape)
    return a.tape.record(Broadcast.map(a.value, b.value, -), parents: [a, b]) { g in
      [Broadcast.reduce(g, to: shapeA), Broadcast.reduce(g.mapped { -$0 }, to: shapeB)]
    }
  }

  /// `a · b` (elementwise). Backward: `(g·b, g·a)`.
  public static func * (a: Variable, b: Variable) -> Variable {
    let (valueA, valueB) = (a.value, b.value)
    return a.tape.record(Broadcast.map(valueA, valueB, *), parents: [a, b]) { g in
      [
        Broadcast.reduce(Broadcast.map(g, valueB, *), to: valueA.shape),
        Broadcast.reduce(Broadcast.map(g, valueA, *), to: valueB.shape),
      ]
    }
  }

  /// `a / b` (elementwise). Backward: `(g/b, −g·a/b²)`.
  public static func / (a: Variable, b: Variable) -> Variable {
    let (valueA, valueB) = (a.value, b.value)
    return a.tape.record(Broadcast.map(valueA, valueB, /), parents: [a, b]) { g in
      let quotient = Broadcast.map(g, valueB, /)
      let negative = Broadcast.map(Broadcast.map(quotient, valueA, *), valueB, { -$0 / $1 })
      return [Broadcast.reduce(quotient, to: valueA.shape), Broadcast.reduce(negative, to: valueB.shape)]
    }
  }

  /// `a · s` for a constant scalar. Backward: `g·s`.
  public static func * (a: Variable, s: Float) -> Variable {
    a.tape.record(a.value.mapped { $0 * s }, parents: [a]) { g in [g.mapped { $0 * s }] }
  }

  /// `a + s` for a constant scalar. Backward: `g`.
  public static func + (a: Variable, s: Float) -> Variable {
    a.tape.record(a.value.mapped { $0 + s }, parents: [a]) { g in [g] }
  }

  /// `−a`. Backward: `−g`.
  public static prefix func - (a: Variable) -> Variable { a * -1 }
}

extension Tensor {
  /// `self + other` for equal shapes (vectorised).
  func adding(_ other: Tensor) -> Tensor {
    precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
    return Tensor.uninitialized(shape: shape) { y, count in
      withElements { a in other.withElements { b in smr_add(a, b, count, y) } }
    }
  }

  /// Adds `other` (same shape) in place.
  mutating func add(_ other: Tensor) {
    precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
    let count = self.count
    other.withElements { b in withMutableElements { a in smr_add(a, b, count, a) } }
  }

  /// `f` applied to every element.
  @inline(__always)
  public func mapped(_ f: (Float) -> Float) -> Tensor {
    Tensor(shape: shape, scalars: scalars.map(f))
  }

  /// `f` applied to matching elements of two tensors of the same shape.
  @inline(__always)
  public func zipped(_ other: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
    return Tensor(shape: shape, scalars: zip(scalars, other.scalars).map { f($0, $1) })
  }
}
