import ArgumentParser
import Foundation

/// `spikingmind sweep collect`: one table of a sweep's results (CSV, JSON, markdown), a row per environment ×
/// cell, mean ± std over its seeds; only what a seeded run reproduces (no measured latency), so the same
/// sweep gives the same table on any launcher.
struct SweepCollect: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "collect", abstract: "Gather a sweep's results into one table.")

  @Argument(help: "The sweep directory (or its sweep.json).")
  var sweep: String

  @Flag(help: "Write the table from the finished runs even if some have no result.")
  var allowMissing = false

  func run() throws {
    let (manifest, directory) = try SweepManifest.read(sweep)
    let states = Sweep.states(manifest, directory: directory)
    let missing = manifest.runs.indices.filter { states[$0] != .done }
    if !missing.isEmpty, !allowMissing {
      throw CommandError(message: "\(missing.count) of \(manifest.runs.count) runs have no result (indices \(SlurmArray.list(missing))); "
        + "see `spikingmind sweep status \(directory)`, or pass --allow-missing")
    }
    let table = try SweepTable(manifest: manifest, directory: directory)
    try table.write(to: directory)
    print(table.markdown)
    print("table: \(directory)/results.md (.csv, .json)")
  }
}

/// The table of a sweep.
struct SweepTable: Encodable {
  /// One row: environment, cell settings, the seeds' results (their run directories left out: relative to
  /// nothing the reader has).
  struct Row: Encodable {
    let env: String
    let cell: String
    let settings: [String: String]
    let seeds: [Int]
    let returnMeans: [Double], returnStds: [Double], normalizedScores: [Double], firingRates: [Double?]
    let energyMicrojoules: [Double], memoryAwareMicrojoules: [Double]
    let values: [String]
  }

  let axes: [String]
  let steps: Int?, episodes: Int
  let columns: [String]
  let rows: [Row]

  /// Reads every finished run's result, grouped by environment and cell in manifest order.
  init(manifest: SweepManifest, directory: String) throws {
    axes = manifest.axes.map(\.key)
    (steps, episodes) = (manifest.steps, manifest.episodes)
    columns = Array(AblationTable.columns.dropLast())
    var rows: [Row] = []
    var groups: [(env: String, cell: String, runs: [SweepManifest.Run])] = []
    for run in manifest.runs {
      if let last = groups.last, last.env == run.env, last.cell == run.cell { groups[groups.count - 1].runs.append(run) } else {
        groups.append((run.env, run.cell, [run]))
      }
    }
    for group in groups {
      var results: [(Int, AblationResult)] = []
      for run in group.runs {
        let file = "\(directory)/\(run.directory)/\(Sweep.resultFile)"
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        do { results.append((run.seed, try JSONDecoder().decode(AblationResult.self, from: data))) } catch {
          throw CommandError(message: "\(file): not a sweep result: \(error)")
        }
      }
      guard !results.isEmpty else { continue }
      let row = AblationRow(cell: group.cell, settings: [:], results: results.map(\.1))
      let settings = Dictionary(uniqueKeysWithValues: group.runs[0].settings.map { ($0.key, $0.value) })
      let r = results.map(\.1)
      rows.append(Row(env: group.env, cell: group.cell, settings: settings, seeds: results.map(\.0), returnMeans: r.map(\.returnMean),
        returnStds: r.map(\.returnStd), normalizedScores: r.map(\.normalizedScore), firingRates: r.map(\.firingRate),
        energyMicrojoules: r.map(\.energyMicrojoules), memoryAwareMicrojoules: r.map(\.memoryAwareMicrojoules),
        values: AblationTable.reproducibleValues(row)))
    }
    self.rows = rows
  }

  private func cells(_ row: Row) -> [String] { [row.env] + axes.map { row.settings[$0] ?? "" } + ["\(row.seeds.count)"] + row.values }

  var csv: String {
    ([(["env"] + axes + ["seeds"] + columns).joined(separator: ",")] + rows.map { cells($0).joined(separator: ",") }).joined(separator: "\n") + "\n"
  }

  var markdown: String {
    let header = ["env"] + axes + ["seeds"] + columns
    return "Sweep: \(steps.map { "\($0) steps" } ?? "each environment's default steps") per run, \(episodes) evaluation episodes per seed "
      + "(seeds 2^63 + e), last checkpoint; return mean ± std over training seeds; energy estimated (energy-profile's method).\n\n"
      + "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
      + rows.map { "| " + cells($0).joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
  }

  /// Writes `results.csv`, `results.json` and `results.md` into `directory`, each atomically.
  func write(to directory: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      try Data(csv.utf8).write(to: URL(fileURLWithPath: "\(directory)/results.csv"), options: .atomic)
      try encoder.encode(self).write(to: URL(fileURLWithPath: "\(directory)/results.json"), options: .atomic)
      try Data(markdown.utf8).write(to: URL(fileURLWithPath: "\(directory)/results.md"), options: .atomic)
    } catch {
      throw CommandError(message: "\(directory): cannot write the sweep table: \(error.localizedDescription)")
    }
  }
}
