import Foundation

/// Progress output: a redrawn bar on a terminal, a plain line per 10% otherwise.
struct ProgressReporter {
  let total: Int
  let label: String
  let isTerminal = isatty(STDERR_FILENO) != 0
  private let start = ContinuousClock.now
  private var lastDecile = -1

  init(total: Int, label: String) {
    self.total = total
    self.label = label
  }

  /// Reports `done` of `total`, with free-form detail (steps/s, mean return...).
  mutating func update(done: Int, detail: String) {
    if isTerminal {
      let width = 30
      let filled = total == 0 ? width : width * done / total
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      let line = "\r\(label) [\(bar)] \(done)/\(total) \(detail) eta \(eta(done: done))"
      FileHandle.standardError.write(Data(line.utf8))
      if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
      return
    }
    let decile = total == 0 ? 10 : 10 * done / total
    guard decile != lastDecile else { return }
    lastDecile = decile
    FileHandle.standardError.write(Data("\(label) \(done)/\(total) \(detail)\n".utf8))
  }

  /// Seconds since the reporter started.
  var elapsedSeconds: Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  private func eta(done: Int) -> String {
    guard done > 0 else { return "?" }
    return String(format: "%.0fs", elapsedSeconds * Double(total - done) / Double(done))
  }
}
