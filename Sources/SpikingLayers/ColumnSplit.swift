import Parallelism

/// A Linear's outputs split into one column range per thread of a worker pool, each range a Linear of its own
/// (`EventDrivenLinear`), for batch-1 inference on several cores: every thread streams only its columns' weights.
/// Ranges are whole multiples of 16 columns (one AVX-512 vector) but for the last.
struct ColumnSplit {
  /// The pool the parts run on (one part per thread).
  let pool: WorkerPool
  /// One Linear per column range, in column order.
  let parts: [EventDrivenLinear]
  /// Each part's first output column.
  let offsets: [Int]

  /// Splits `outputs` columns over the pool's threads, or nil when there are fewer than 32 per thread.
  /// - Parameter make: builds the Linear of one column range.
  init?(pool: WorkerPool, outputs: Int, make: (Range<Int>) -> EventDrivenLinear) {
    let threads = pool.threads
    guard threads >= 2, outputs >= 32 * threads else { return nil }
    let step = (outputs / threads + 15) / 16 * 16
    let bounds = (0...threads).map { min($0 * step, outputs) }
    guard bounds[threads - 1] < outputs else { return nil }
    self.pool = pool
    offsets = Array(bounds.dropLast())
    parts = (0..<threads).map { make(bounds[$0]..<(bounds[$0 + 1])) }
  }

  /// Runs `body(part, firstColumn)` for every part on the pool (part 0 on the calling thread).
  func run(_ body: (EventDrivenLinear, Int) -> Void) {
    pool.run { index in body(parts[index], offsets[index]) }
  }
}
