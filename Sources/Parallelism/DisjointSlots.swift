/// Result slots that the workers of a `WorkerPool.run` fill at disjoint indices and the caller reads after it
/// returns.
///
/// Backed by one allocation written through a pointer, so two threads storing at different indices never touch
/// shared state (unlike element assignment into a shared `Array`, whose copy-on-write check reads the buffer's
/// reference count). Each index must be written by at most one thread per run; reads happen after the join.
public final class DisjointSlots<Element>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<Element>
  /// The number of slots.
  public let count: Int

  /// Creates `count` slots holding `value`.
  public init(repeating value: Element, count: Int) {
    precondition(count >= 0, "a negative slot count")
    base = .allocate(capacity: max(count, 1))
    base.initialize(repeating: value, count: count)
    self.count = count
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  /// The value at `index` (`0 ..< count`).
  public subscript(index: Int) -> Element {
    get {
      precondition(index >= 0 && index < count, "slot \(index) outside 0..<\(count)")
      return base[index]
    }
    set {
      precondition(index >= 0 && index < count, "slot \(index) outside 0..<\(count)")
      base[index] = newValue
    }
  }

  /// Every slot in index order.
  public var elements: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
