import Dispatch
import Foundation
import CSystem
import Synchronization

/// A small pool of persistent threads for fine-grained parallel loops (a few microseconds per call).
///
/// `DispatchQueue.concurrentPerform` wakes its workers on every call, which costs more than stepping
/// 64 CartPoles. These workers spin on an atomic generation counter for a short while after each job,
/// then park on a semaphore, so back-to-back calls cost well under a microsecond and an idle pool
/// costs no CPU. One job runs at a time (calls are serialised by a lock).
public final class WorkerPool: @unchecked Sendable {
  /// Threads including the caller.
  public let threads: Int
  private let generation = Atomic<Int>(0)
  private let remaining = Atomic<Int>(0)
  private let stopping = Atomic<Bool>(false)
  /// Worker threads still running; `deinit` waits for 0 so no worker touches a freed pool.
  private let alive = Atomic<Int>(0)
  private let parked: [ParkFlag]
  /// Per worker part: the last job generation it was claimed for.
  private let claims: [ClaimSlot]
  private let semaphores: [DispatchSemaphore]
  private let callLock = NSLock()
  /// The current job; written before `generation` is bumped (release) and read after it (acquire).
  private var job: ((Int) -> Void)?
  private static let spinLimit = 200_000

  /// Starts `threads - 1` worker threads.
  /// - Parameter threads: the total parallelism including the calling thread, at least 2.
  public init(threads: Int) {
    precondition(threads >= 2, "a worker pool needs at least two threads")
    self.threads = threads
    parked = (1..<threads).map { _ in ParkFlag() }
    claims = (1..<threads).map { _ in ClaimSlot() }
    semaphores = (1..<threads).map { _ in DispatchSemaphore(value: 0) }
    alive.store(threads - 1, ordering: .sequentiallyConsistent)
    for worker in 1..<threads {
      let thread = Thread { [unowned(unsafe) self] in self.workerLoop(worker) }
      thread.name = "spikingmind.worker.\(worker)"
      thread.start()
    }
  }

  deinit {
    stopping.store(true, ordering: .sequentiallyConsistent)
    generation.add(1, ordering: .sequentiallyConsistent)
    for index in parked.indices where parked[index].value.exchange(false, ordering: .sequentiallyConsistent) {
      semaphores[index].signal()
    }
    // The workers hold an unowned reference: wait until every one has left its loop.
    while alive.load(ordering: .acquiring) > 0 { sched_yield() }
  }

  /// Runs `body(part)` for every part in `0..<threads`, part 0 on the calling thread.
  ///
  /// Each part runs exactly once. A worker claims its part before running it; after its own part the
  /// caller claims and runs every part whose worker has not started yet (a worker descheduled by the
  /// system then costs nothing but the work itself). Parts that wait for each other (a `SpinBarrier`)
  /// still work: the caller only takes parts after finishing its own, which needs the others running.
  /// - Parameter body: the work; parts must touch disjoint data.
  public func run(_ body: (Int) -> Void) {
    callLock.lock()
    defer { callLock.unlock() }
    withoutActuallyEscaping(body) { escapable in
      job = escapable
      remaining.store(threads - 1, ordering: .sequentiallyConsistent)
      let current = generation.add(1, ordering: .sequentiallyConsistent).newValue
      for index in parked.indices where parked[index].value.exchange(false, ordering: .sequentiallyConsistent) {
        semaphores[index].signal()
      }
      escapable(0)
      for part in 1..<threads where claim(part, generation: current) {
        escapable(part)
        remaining.subtract(1, ordering: .releasing)
      }
      while remaining.load(ordering: .acquiring) > 0 { csystem_spin_pause() }
      job = nil
    }
  }

  /// Claims `part` of job `generation` (true for exactly one caller per part and job).
  private func claim(_ part: Int, generation current: Int) -> Bool {
    let slot = claims[part - 1]
    var seen = slot.value.load(ordering: .sequentiallyConsistent)
    while seen < current {
      let (exchanged, original) = slot.value.compareExchange(
        expected: seen, desired: current, ordering: .sequentiallyConsistent)
      if exchanged { return true }
      seen = original
    }
    return false
  }

  private func workerLoop(_ worker: Int) {
    // Generation 0 is the pool's state at construction; a job may be published before this thread runs.
    var seen = 0
    while true {
      waitForWork(worker, seen: seen)
      if stopping.load(ordering: .acquiring) {
        alive.subtract(1, ordering: .releasing)  // the last access to the pool
        return
      }
      seen = generation.load(ordering: .sequentiallyConsistent)
      // The caller may have run this part already (this thread was late): then skip it.
      if claim(worker, generation: seen) {
        job?(worker)
        remaining.subtract(1, ordering: .releasing)
      }
    }
  }

  /// Spins until the generation moves past `seen`, parking on the semaphore after `spinLimit` checks.
  private func waitForWork(_ worker: Int, seen: Int) {
    let slot = worker - 1
    var spins = 0
    while generation.load(ordering: .acquiring) == seen {
      spins += 1
      guard spins > Self.spinLimit else {
        csystem_spin_pause()
        continue
      }
      parked[slot].value.store(true, ordering: .sequentiallyConsistent)
      if generation.load(ordering: .sequentiallyConsistent) != seen {
        // Work arrived while parking: if the caller already took the flag, consume its signal.
        if !parked[slot].value.exchange(false, ordering: .sequentiallyConsistent) { semaphores[slot].wait() }
        return
      }
      semaphores[slot].wait()
      return
    }
  }
}

/// A worker's "parked on its semaphore" flag (atomics cannot live in arrays directly).
private final class ParkFlag: Sendable {
  let value = Atomic<Bool>(false)
}

/// A part's claim: the generation of the last job it was claimed for.
private final class ClaimSlot: Sendable {
  let value = Atomic<Int>(0)
}
