/// NumPy broadcasting: shapes aligned at the trailing axis; an extent of 1 stretches to match.
enum Broadcast {
  /// The broadcast shape of two shapes (precondition: they are compatible).
  static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let paddedA = Array(repeating: 1, count: rank - a.count) + a
    let paddedB = Array(repeating: 1, count: rank - b.count) + b
    return (0..<rank).map { axis in
      let (x, y) = (paddedA[axis], paddedB[axis])
      precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) do not broadcast")
      return x == 1 ? y : x
    }
  }

  /// Strides of `shape` seen from the broadcast `target` shape (0 on stretched axes).
  static func strides(of shape: [Int], in target: [Int]) -> [Int] {
    let padded = Array(repeating: 1, count: target.count - shape.count) + shape
    let natural = Tensor.strides(padded)
    return target.indices.map { padded[$0] == 1 && target[$0] != 1 ? 0 : natural[$0] }
  }

  /// `f` applied elementwise to `a` and `b` broadcast together.
  @inline(__always)
  static func map(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    if a.shape == b.shape {
      return Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map { f($0, $1) })
    }
    let shape = Self.shape(a.shape, b.shape)
    let (stridesA, stridesB) = (strides(of: a.shape, in: shape), strides(of: b.shape, in: shape))
    let count = shape.reduce(1, *)
    var result = [Float](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: shape.count)
    var (offsetA, offsetB) = (0, 0)
    for position in 0..<count {
      result[position] = f(a.scalars[offsetA], b.scalars[offsetB])
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        offsetA += stridesA[axis]
        offsetB += stridesB[axis]
        if index[axis] < shape[axis] { break }
        offsetA -= stridesA[axis] * shape[axis]
        offsetB -= stridesB[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
    return Tensor(shape: shape, scalars: result)
  }

  /// Sums a broadcast result's gradient back to an operand's `shape` (the adjoint of broadcasting).
  static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
    if gradient.shape == shape { return gradient }
    let strides = strides(of: shape, in: gradient.shape)
    var result = [Float](repeating: 0, count: shape.reduce(1, *))
    var index = [Int](repeating: 0, count: gradient.shape.count)
    var offset = 0
    for position in 0..<gradient.count {
      result[offset] += gradient.scalars[position]
      var axis = gradient.shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        offset += strides[axis]
        if index[axis] < gradient.shape[axis] { break }
        offset -= strides[axis] * gradient.shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
    return Tensor(shape: shape, scalars: result)
  }
}
