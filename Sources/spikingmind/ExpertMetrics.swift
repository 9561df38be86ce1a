import Foundation

/// `metrics.jsonl` of an expert run: one line per iteration and per evaluation; on resume, lines past the
/// checkpoint's iteration (written after its last save) are dropped.
final class ExpertMetrics {
  private let path: String
  private var lines: [String]

  init(path: String, upTo iteration: Int) {
    self.path = path
    let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    lines = existing.split(separator: "\n").map(String.init).filter { line in
      guard let data = line.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let at = (object["iteration"] as? NSNumber)?.doubleValue
      else { return false }
      return Int(at) <= iteration
    }
  }

  func append(_ values: [String: Double]) {
    let body = values.keys.sorted().map { "\"\($0)\":\(values[$0].map { $0.isFinite ? "\($0)" : "null" } ?? "null")" }
    lines.append("{" + body.joined(separator: ",") + "}")
    try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  }
}
