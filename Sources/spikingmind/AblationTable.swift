import EnergyProfiling
import Foundation
import Training

/// One cell × seed of an ablation: evaluation, firing rate, estimated energy, measured latency.
struct AblationResult: Codable {
  let run: String
  let seed: UInt64
  let steps: Int
  let episodes: Int
  let returnMean: Double, returnStd: Double, normalizedScore: Double
  let firingRate: Double?
  /// µJ per action, 45 nm, compute-only and memory-aware.
  let energyMicrojoules: Double, memoryAwareMicrojoules: Double
  let latencyP50Milliseconds: Double

  init(evaluation: EvaluationSummary, profile: ProfileResult, steps: Int, seed: UInt64, run: String) {
    (self.run, self.seed, self.steps, episodes) = (run, seed, steps, evaluation.episodes)
    (returnMean, returnStd, normalizedScore) = (evaluation.mean, evaluation.std, evaluation.normalizedScore)
    firingRate = profile.firingRate
    let e = profile.estimates.first { $0.table.name == "spec45nm" } ?? profile.estimates[0]
    (energyMicrojoules, memoryAwareMicrojoules) = (e.computeEnergy / 1e6, e.memoryEnergy / 1e6)
    latencyP50Milliseconds = profile.latencyP50Milliseconds
  }
}

/// One cell of the table: its settings and the results of its seeds.
struct AblationRow: Codable {
  let cell: String
  let settings: [String: String]
  let results: [AblationResult]

  /// Mean and standard deviation (population) over the seeds of a per-seed value.
  func statistic(_ value: (AblationResult) -> Double) -> (mean: Double, std: Double) {
    let values = results.map(value)
    let mean = values.reduce(0, +) / Double(max(values.count, 1))
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
    return (mean, variance.squareRoot())
  }
}

/// The ablation's table in CSV, JSON and markdown.
struct AblationTable: Codable {
  let environment: String
  let axes: [String]
  let rows: [AblationRow]

  static let columns = ["return mean", "return std (seeds)", "normalised", "firing rate", "µJ/action (45 nm)", "memory-aware µJ", "latency p50 ms"]

  /// The values of a row, in `columns` order, with the per-seed return std over seeds.
  func values(_ row: AblationRow) -> [String] {
    Self.reproducibleValues(row) + [String(format: "%.3f", row.statistic(\.latencyP50Milliseconds).mean)]
  }

  /// The columns a seeded run reproduces exactly (all but the measured latency), in `columns` order.
  static func reproducibleValues(_ row: AblationRow) -> [String] {
    let r = row.statistic(\.returnMean)
    let rate = row.results.contains { $0.firingRate == nil } ? "-" : String(format: "%.4f", row.statistic { $0.firingRate ?? 0 }.mean)
    return [String(format: "%.2f", r.mean), String(format: "%.2f", r.std), String(format: "%.1f", row.statistic(\.normalizedScore).mean), rate,
      String(format: "%.3f", row.statistic(\.energyMicrojoules).mean), String(format: "%.3f", row.statistic(\.memoryAwareMicrojoules).mean)]
  }

  var csv: String {
    ([(axes + ["seeds"] + Self.columns).joined(separator: ",")]
      + rows.map { row in (axes.map { row.settings[$0] ?? "" } + ["\(row.results.count)"] + values(row)).joined(separator: ",") })
      .joined(separator: "\n") + "\n"
  }

  var markdown: String {
    let header = axes + ["seeds"] + Self.columns
    let episodes = rows.first?.results.first?.episodes ?? 0, steps = rows.first?.results.first?.steps ?? 0
    return "Ablation on \(environment): \(steps) steps per run, \(episodes) evaluation episodes per seed (seeds 2^63 + e), last checkpoint; "
      + "return mean ± std over training seeds; energy estimated (energy-profile's method), latency measured (batch 1, one thread).\n\n"
      + "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
      + rows.map { row in "| " + (axes.map { row.settings[$0] ?? "" } + ["\(row.results.count)"] + values(row)).joined(separator: " | ") + " |" }
      .joined(separator: "\n") + "\n"
  }

  /// Writes `ablation.csv`, `ablation.json` and `ablation.md` into `directory`, each atomically.
  func write(to directory: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try Data(csv.utf8).write(to: URL(fileURLWithPath: "\(directory)/ablation.csv"), options: .atomic)
      try encoder.encode(self).write(to: URL(fileURLWithPath: "\(directory)/ablation.json"), options: .atomic)
      try Data(markdown.utf8).write(to: URL(fileURLWithPath: "\(directory)/ablation.md"), options: .atomic)
    } catch {
      throw CommandError(message: "\(directory): cannot write the ablation table: \(error.localizedDescription)")
    }
  }
}
