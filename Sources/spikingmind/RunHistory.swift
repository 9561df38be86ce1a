import Foundation

/// What a run's `metrics.jsonl` holds, as curves: training loss and firing rate per step, evaluations
/// (mean ± std of the return) per step or update, and an online run's collection returns per environment step.
struct RunHistory {
  /// The run directory (or checkpoint directory) read.
  let path: String
  /// `(step, loss)` of offline training lines.
  var loss: [(Double, Double)] = []
  /// `(step, firing rate)` of training lines (offline step or online update).
  var firingRate: [(Double, Double)] = []
  /// `(step or update, mean, std)` of evaluation lines.
  var evaluations: [(x: Double, mean: Double, std: Double)] = []
  /// `(environment steps, mean collection return)` of online lines.
  var online: [(Double, Double)] = []

  /// The run's name (its directory).
  var name: String { URL(fileURLWithPath: path).lastPathComponent }

  /// Whether the run is an online fine-tuning run.
  var isOnline: Bool { !online.isEmpty }

  /// Reads `path/metrics.jsonl`.
  /// - Throws: `CommandError` naming the file if it is missing or a line is not a JSON object.
  static func read(_ path: String) throws -> RunHistory {
    let file = (path as NSString).appendingPathComponent("metrics.jsonl")
    guard let data = FileManager.default.contents(atPath: file) else {
      throw CommandError(message: "\(file): no such file (give a run directory written by train-offline or finetune-online)")
    }
    var history = RunHistory(path: path)
    for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() where !line.isEmpty {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        throw CommandError(message: "\(file):\(number + 1): not a JSON object")
      }
      history.add(object)
    }
    return history
  }

  private mutating func add(_ line: [String: Any]) {
    func value(_ key: String) -> Double? { (line[key] as? NSNumber)?.doubleValue }
    switch line["kind"] as? String {
    case "train":
      if let step = value("step") {
        if let loss = value("loss") { self.loss.append((step, loss)) }
        if let rate = value("firing_rate") { firingRate.append((step, rate)) }
      }
    case "online":
      if let steps = value("environment_steps"), let mean = value("mean_return") { online.append((steps, mean)) }
      if let update = value("update"), let rate = value("firing_rate") { firingRate.append((update, rate)) }
    case "eval":
      if let step = value("step"), let mean = value("mean") { evaluations.append((step, mean, value("std") ?? 0)) }
    default: break
    }
  }
}
