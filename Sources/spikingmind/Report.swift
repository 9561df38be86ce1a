import ArgumentParser
import EnergyProfiling
import Foundation
import TensorEngine
import Training

/// `spikingmind report`: one self-contained HTML page about runs — learning curves, the target-return sweep,
/// firing rates, a spike raster, energy per layer (spiking vs ANN), latency, and the tables.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write one self-contained HTML report (inline SVG) about training and fine-tuning runs.",
    discussion: """
      For every run: the loss and evaluation curves of its metrics.jsonl; a target-return sweep of its latest \
      checkpoint (seeded episodes, 2^63 + --seed onwards); an energy profile as `energy-profile` makes it \
      (estimated energy per layer, measured batch-1 latency); for spiking runs the firing rate per layer and a \
      spike raster of one action. Each spiking run is compared with the first ANN (dt) run of the same \
      environment. The page needs no network and no scripts.
      """)

  @Option(parsing: .upToNextOption, help: "Run directories (train-offline or finetune-online).")
  var runs: [String]

  @Option(help: "The HTML file to write.")
  var out: String = "report.html"

  @Option(help: "Episodes of the energy profile of each run.")
  var episodes: Int = 2

  @Option(help: "Target-return sweep LO:HI:N (default: 6 targets from the random return to 20% beyond the expert's).")
  var sweep: String?

  @Option(help: "Episodes per sweep target (0: no sweep).")
  var sweepEpisodes: Int = 5

  @Option(help: "Seed offset of the evaluation episodes.")
  var seed: UInt64 = 0

  @Option(help: "Threads of the sweep's evaluation (the latency is measured on one).")
  var threads: Int = 2

  func validate() throws {
    guard !runs.isEmpty else { throw ValidationError("--runs needs at least one run directory") }
    guard episodes > 0 else { throw ValidationError("--episodes must be positive") }
    guard sweepEpisodes >= 0 else { throw ValidationError("--sweep-episodes must be zero or positive") }
    guard threads > 0 else { throw ValidationError("--threads must be positive") }
    if let sweep { _ = try TargetSweep.targets(sweep) }
  }

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      let histories = try runs.map(RunHistory.read)
      BLASInfo.setThreads(1)
      let profiler = Profiler(tables: EnergyTable.builtIn, episodes: episodes, seed: seed, threads: 1)
      var profiles: [ProfileResult] = [], rasters: [SpikeRaster] = [], sweeps: [(String, [EvaluationSummary])] = []
      for (run, history) in zip(runs, histories) {
        let (profile, runner) = try profiler.profile(run)
        profiles.append(profile)
        if rasters.isEmpty, let raster = runner.raster() { rasters.append(raster) }
        if sweepEpisodes > 0 {
          let loaded = try CheckpointStore.read(run)
          let targets = try sweep.map(TargetSweep.targets) ?? TargetSweep.defaultTargets(loaded.metadata, count: 6)
          sweeps.append((history.name, try TargetSweep.evaluate(loaded, registry: registry, targets: targets, episodes: sweepEpisodes,
            threads: threads, seed: seed)))
        }
      }
      let page = HTMLReport.runs(histories: histories, profiles: profiles, sweeps: sweeps, raster: rasters.first)
      try page.write(to: out)
      print("report: \(out) (\(runs.count) runs)")
    } catch let error as CommandError {
      throw error
    } catch let error as ValidationError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }
}
