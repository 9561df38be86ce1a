import Foundation
import Trajectories

/// Thread-safe per-index result slots plus the order in which episodes finished (for progress).
final class EpisodeSlots: @unchecked Sendable {
  private let condition = NSCondition()
  private var slots: [Result<Episode, CollectionError>?]
  private var completed: [Episode?] = []

  init(count: Int) {
    slots = Array(repeating: nil, count: count)
  }

  func store(_ index: Int, _ result: Result<Episode, CollectionError>) {
    condition.lock()
    slots[index] = result
    completed.append(try? result.get())
    condition.broadcast()
    condition.unlock()
  }

  /// Blocks until more than `count` episodes finished.
  func waitForMore(than count: Int) {
    condition.lock()
    while completed.count <= count { condition.wait() }
    condition.unlock()
  }

  /// `(finished count, episode)` for every episode finished after the first `count`.
  func finished(after count: Int) -> [(Int, Episode?)] {
    condition.lock()
    defer { condition.unlock() }
    return completed[count...].enumerated().map { (count + $0.offset + 1, $0.element) }
  }

  /// The episodes in index order, or the error of the lowest failing index.
  func results() throws(CollectionError) -> [Episode] {
    condition.lock()
    defer { condition.unlock() }
    var episodes: [Episode] = []
    for slot in slots {
      switch slot {
      case .success(let episode)?: episodes.append(episode)
      case .failure(let error)?: throw error
      case nil: preconditionFailure("every slot is filled before results are read")
      }
    }
    return episodes
  }
}
