import CSystem
import Synchronization

/// A reusable barrier for the parts of one `WorkerPool.run` job: every part waits until all have arrived.
///
/// Spins (no parking): meant for phases a few microseconds apart inside one job whose parts each run on
/// their own thread, as `WorkerPool` guarantees.
public final class SpinBarrier: Sendable {
  /// The number of parts that must arrive.
  public let parties: Int
  private let arrived = Atomic<Int>(0)
  private let phase = Atomic<Int>(0)

  /// Creates a barrier for `parties` parts.
  public init(parties: Int) {
    precondition(parties >= 1, "a barrier needs at least one party")
    self.parties = parties
  }

  /// Blocks until all parties have called `wait()` in the current phase.
  public func wait() {
    guard parties > 1 else { return }
    let current = phase.load(ordering: .acquiring)
    if arrived.add(1, ordering: .acquiringAndReleasing).newValue == parties {
      arrived.store(0, ordering: .relaxed)
      phase.add(1, ordering: .releasing)
    } else {
      while phase.load(ordering: .acquiring) == current { csystem_spin_pause() }
    }
  }
}
