import Parallelism
import Synchronization
import Testing

@Suite struct WorkerPoolTests {
  final class Counter: Sendable {
    let value = Atomic<Int>(0)
  }

  /// Every part runs exactly once per job, whether its worker or the caller (after its own part, when the
  /// worker has not started) runs it. A double run or a lost part changes a count.
  @Test func everyPartRunsExactlyOnce() {
    let pool = WorkerPool(threads: 3)
    let runs = (0..<3).map { _ in Counter() }
    let jobs = 20_000
    for _ in 0..<jobs {
      pool.run { part in runs[part].value.add(1, ordering: .relaxed) }
    }
    for part in 0..<3 { #expect(runs[part].value.load(ordering: .relaxed) == jobs) }
  }

  /// Parts that wait for each other at a barrier complete (the caller never takes a part it would wait on).
  @Test func partsMeetingAtABarrierComplete() {
    let pool = WorkerPool(threads: 2)
    let barrier = SpinBarrier(parties: 2)
    let total = Atomic<Int>(0)
    for _ in 0..<2_000 {
      pool.run { part in
        total.add(part + 1, ordering: .relaxed)
        barrier.wait()
        total.add(part + 1, ordering: .relaxed)
        barrier.wait()
      }
    }
    #expect(total.load(ordering: .relaxed) == 2_000 * 6)
  }
}
