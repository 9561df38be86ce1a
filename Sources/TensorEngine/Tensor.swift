/// A dense, row-major (C-order) Float32 array.
///
/// Values are stored contiguously; the last axis varies fastest. A rank-0 tensor (shape `[]`) holds one
/// scalar. Tensors are values (copy-on-write storage); operations that record gradients live on
/// `Variable`.
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
  /// The extent of each axis.
  public let shape: [Int]
  /// The elements in row-major order (`shape.product` of them).
  public var scalars: [Float]

  /// Creates a tensor from its elements.
  /// - Parameters:
  ///   - shape: the axes' extents (non-negative).
  ///   - scalars: `shape.product` elements in row-major order.
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in \(shape)")
    precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor filled with one value.
  /// - Parameters:
  ///   - value: the value.
  ///   - shape: the shape.
  public init(repeating value: Float, shape: [Int]) {
    self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
  }

  /// A scalar (rank-0) tensor.
  public init(_ value: Float) {
    self.init(shape: [], scalars: [value])
  }

  /// The number of elements.
  public var count: Int { scalars.count }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The single element of a one-element tensor.
  public var scalar: Float {
    precondition(count == 1, "scalar of a tensor with \(count) elements")
    return scalars[0]
  }

  /// `Tensor(shape: [2, 3]) [...]`, abbreviated past 8 elements.
  public var description: String {
    let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape)) [\(shown)\(count > 8 ? ", ..." : "")]"
  }

  /// Row-major strides of `shape` (elements, not bytes).
  static func strides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in shape.indices.reversed() {
      strides[axis] = running
      running *= shape[axis]
    }
    return strides
  }

  /// A non-negative axis from a possibly negative one (`-1` is the last axis).
  static func normalize(axis: Int, rank: Int) -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    precondition(normalized >= 0 && normalized < rank, "axis \(axis) out of range for rank \(rank)")
    return normalized
  }
}
