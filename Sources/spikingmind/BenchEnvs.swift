import ArgumentParser
import Foundation
import RLCore

/// `spikingmind bench envs`: environment steps per second, single and vectorised.
///
/// Modes mirror `../shared/peers/bench_gym_envs.py`: `raw` steps the unwrapped environment with
/// pre-sampled actions and a manual time limit; `make` steps `registry.make(id)` (OrderEnforcing +
/// TimeLimit). `vector` steps a `VectorEnvironment` of `make`d copies with NEXT_STEP autoreset.
/// Each figure is the median of `--reps` repetitions of `--seconds` each.
struct BenchEnvs: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "envs", abstract: "Environment steps per second, single and vector (8, 64 copies).")

  @Option(help: "Environment ids (comma-separated); default: all registered.")
  var envs: String?

  @Option(help: "Modes (comma-separated): raw (unwrapped env), make (TimeLimit+OrderEnforcing), vector.")
  var modes: String = "raw,make,vector"

  @Option(help: "Seconds per repetition.")
  var seconds: Double = 1.0

  @Option(help: "Repetitions per figure (the median is reported).")
  var reps: Int = 3

  @Option(help: "Vector sizes (comma-separated).")
  var copies: String = "8,64"

  @Option(help: "Thread counts for the vector runs (comma-separated).")
  var threads: String = "1,2"

  @Flag(help: "Print JSON lines instead of a table.")
  var json = false

  func validate() throws {
    guard seconds > 0, reps > 0 else { throw ValidationError("--seconds and --reps must be positive") }
    let known: Set<Substring> = ["raw", "make", "vector"]
    guard !modes.isEmpty, modes.split(separator: ",").allSatisfy({ known.contains($0) }) else {
      throw ValidationError("--modes takes a comma-separated subset of raw,make,vector")
    }
    guard Self.integers(copies) != nil, Self.integers(threads) != nil else {
      throw ValidationError("--copies and --threads take comma-separated positive integers")
    }
  }

  func run() throws {
    var results: [BenchResult] = []
    do {
      let registry = try StandardRegistry.make()
      let ids = envs.map { $0.split(separator: ",").map(String.init) } ?? registry.ids
      for id in ids {
        let spec = try registry.spec(id)
        let selected = Set(modes.split(separator: ",").map(String.init))
        for mode in ["raw", "make"] where selected.contains(mode) {
          results.append(try measureSingle(registry: registry, spec: spec, mode: mode))
          report(results.last)
        }
        for count in selected.contains("vector") ? Self.integers(copies) ?? [] : [] {
          for threadCount in Self.integers(threads) ?? [] {
            results.append(try measureVector(registry: registry, spec: spec, count: count, threads: threadCount))
            report(results.last)
          }
        }
      }
    } catch {
      throw CommandError(error)
    }
    if !json { print(Self.table(results)) }
  }

  private func report(_ result: BenchResult?) {
    guard json, let result, let line = try? JSONOutput.encode(result) else { return }
    print(line)
  }

  private static func integers(_ text: String) -> [Int]? {
    let values = text.split(separator: ",").compactMap { Int($0) }
    return values.isEmpty || values.contains { $0 <= 0 } ? nil : values
  }

  private static func table(_ results: [BenchResult]) -> String {
    TextTable.render(
      header: ["env", "mode", "copies", "threads", "steps/s (median)", "min", "max"],
      rows: results.map {
        [
          $0.env, $0.mode, String($0.copies), String($0.threads), String(format: "%.0f", $0.stepsPerSecond),
          String(format: "%.0f", $0.minimum), String(format: "%.0f", $0.maximum),
        ]
      })
  }
}

/// One benchmark figure.
struct BenchResult: Codable {
  let env: String
  let mode: String
  let copies: Int
  let threads: Int
  let stepsPerSecond: Double
  let minimum: Double
  let maximum: Double
  let reps: Int
}
