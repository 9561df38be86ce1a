import ArgumentParser
import EnergyProfiling
import Foundation
import TensorEngine

/// `spikingmind energy-profile`: per-layer operations, synaptic operations and estimated energy of a checkpoint's
/// policy on seeded episodes, with measured latency, against an ANN checkpoint if given.
struct EnergyProfile: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "energy-profile",
    abstract: "Estimate energy per action (per layer, SNN vs ANN) and measure latency on seeded episodes.",
    discussion: """
      Method (the spiking-transformer convention, MODELS.md §4.4–4.5): per action, one conventional forward of \
      the full K-step window; spike-input layers cost SOP = (firing rate of the spiking layer feeding them) × \
      dense operations (T counted once, in the dense operations of per-step layers) accumulates; real-input \
      layers (embeddings, heads, kept LayerNorms: 4 per element, the ANN) cost their dense MACs; folded BN costs 0; \
      attention mixing follows the stated convention. E = E_MAC·MACs + E_AC·ACs (45 nm: 4.6 and 0.9 pJ). Beside it, \
      a memory-aware figure adds one weight read per MAC/SOP and two state accesses per activation and neuron-step. \
      Rates are measured on the tape path's full-window forward at every action of the episodes; latency is the \
      tape-free runner's, batch 1, one thread, the first actions excluded. Measured time and estimated energy are \
      kept apart.
      """)

  @Option(help: "The (spiking) run or checkpoint directory.")
  var checkpoint: String

  @Option(help: "An ANN (or other) checkpoint to compare with.")
  var compare: String?

  @Option(help: "Episodes.")
  var episodes: Int = 3

  @Option(help: "Seed offset: episode e uses 2^63 + seed + e.")
  var seed: UInt64 = 0

  @Option(help: "Energy model: spec45nm, fp16, int8 or a FILE.json (all built-ins are reported too).")
  var energyModel: String = "spec45nm"

  @Option(help: "Threads for the runners' matrix products (BLAS; batch 1), stated in the output.")
  var threads: Int = 1

  @Option(help: "Also write a self-contained HTML report here.")
  var report: String?

  @Flag(help: "Print JSON.")
  var json = false

  func validate() throws {
    guard episodes > 0 else { throw ValidationError("--episodes must be positive") }
    guard threads > 0 else { throw ValidationError("--threads must be positive") }
  }

  func run() throws {
    do {
      BLASInfo.setThreads(threads)
      let chosen = try EnergyTable.named(energyModel)
      let tables = [chosen] + EnergyTable.builtIn.filter { $0.name != chosen.name }
      let profiler = Profiler(tables: tables, episodes: episodes, seed: seed, threads: threads)
      let subject = try profiler.profile(checkpoint).0
      let other = try compare.map { try profiler.profile($0).0 }
      let comparison = EnergyComparison(subject: subject, baseline: other)
      if json {
        print(try JSONOutput.encode(comparison))
      } else {
        print(EnergyText.render(comparison))
      }
      if let report { try HTMLReport.energy(comparison).write(to: report) }
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }
}

/// A profile and, optionally, its baseline.
struct EnergyComparison: Codable {
  let subject: ProfileResult
  let baseline: ProfileResult?

  /// 1 − E_subject/E_baseline per table, compute-only and memory-aware.
  var savings: [String: (compute: Double, memory: Double)] {
    baseline.map { Self.savings(of: subject, against: $0) } ?? [:]
  }

  /// 1 − E_a/E_b per table, compute-only and memory-aware.
  static func savings(of a: ProfileResult, against b: ProfileResult) -> [String: (compute: Double, memory: Double)] {
    var result: [String: (compute: Double, memory: Double)] = [:]
    for (x, y) in zip(a.estimates, b.estimates) where x.table.name == y.table.name {
      result[x.table.name] = (1 - x.computeEnergy / y.computeEnergy, 1 - x.memoryEnergy / y.memoryEnergy)
    }
    return result
  }

  enum CodingKeys: String, CodingKey { case subject, baseline, savings }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(subject, forKey: .subject)
    try c.encodeIfPresent(baseline, forKey: .baseline)
    try c.encode(savings.mapValues { ["compute": $0.compute, "memory_aware": $0.memory] }, forKey: .savings)
  }

  init(subject: ProfileResult, baseline: ProfileResult?) {
    self.subject = subject
    self.baseline = baseline
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    subject = try c.decode(ProfileResult.self, forKey: .subject)
    baseline = try c.decodeIfPresent(ProfileResult.self, forKey: .baseline)
  }
}
