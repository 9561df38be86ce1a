/// Raw access to a tensor's contiguous storage for vectorised kernels (`CKernels`, or a module's own), so
/// operations defined outside the engine (`Tape.operation`) can be as fast as the built-in ones.
extension Tensor {
  /// A tensor whose every element `body` writes, allocated without zero-filling.
  /// - Parameters:
  ///   - shape: the shape.
  ///   - body: receives the first element and the element count; must write all of them.
  @inline(__always)
  public static func uninitialized(shape: [Int], _ body: (UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
    let count = shape.reduce(1, *)
    let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress { body(base, count) }
      initialized = count
    }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// A zero-filled tensor that `body` then updates.
  @inline(__always)
  public static func zeros(shape: [Int], _ body: (UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
    var scalars = [Float](repeating: 0, count: shape.reduce(1, *))
    scalars.withUnsafeMutableBufferPointer { buffer in
      if let base = buffer.baseAddress { body(base, buffer.count) }
    }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// Calls `body` with a pointer to the elements (a valid, never-dereferenced pointer when empty).
  @inline(__always)
  public func withElements<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
    scalars.withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { return body(base) }
      var placeholder: Float = 0
      return withUnsafePointer(to: &placeholder) { body($0) }
    }
  }

  /// Calls `body` with a mutable pointer to the elements (copy-on-write applies first).
  @inline(__always)
  public mutating func withMutableElements<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
    scalars.withUnsafeMutableBufferPointer { buffer in
      if let base = buffer.baseAddress { return body(base) }
      var placeholder: Float = 0
      return withUnsafeMutablePointer(to: &placeholder) { body($0) }
    }
  }
}

/// Raw access to a `[Float]` buffer (masks, padding) for the kernels.
extension Array where Element == Float {
  /// Calls `body` with a pointer to the elements (a valid, never-dereferenced pointer when empty).
  @inline(__always)
  public func withElements<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
    withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { return body(base) }
      var placeholder: Float = 0
      return withUnsafePointer(to: &placeholder) { body($0) }
    }
  }
}
