import ArgumentParser
import DecisionModels
import Foundation
import NeuralNetworks
import SpikingLayers
import TensorEngine

/// `spikingmind bench sdt`: spiking Decision Transformers' training step, action latency and spikes.
///
/// Same harness as `../shared/peers/bench_dsformer.py` and `bench_sdt.py`: batch 64, K 20 (20 tokens per window
/// for Decision SpikeFormer, 60 for the SNN-DT), AdamW 1e-4/1e-4, clip 0.25, cross-entropy on CartPole dims
/// (state 4, 2 actions) or tanh + MSE on Hopper dims (state 11, 3 actions). Training: `--shards` data-parallel
/// shards on `--threads` threads of our own (OpenBLAS single-threaded). Latency: the tape-free runner on a full
/// K-step context, batch 1, on `--runner-threads` threads (default 1; more split each product's output columns
/// over them), median and p99 after warm-up. Spikes: the tape path's evaluation forward
/// of one full window with the recorder (every neuron of every token), from the benchmark's seeded, trained-for-
/// a-few-steps weights — firing rates of untrained models are init-dependent, as the peers' are.
struct BenchSDT: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sdt", abstract: "Spiking DT train step (batch 64, K 20), action latency, spikes per forward.")

  @Option(help: "Models (comma-separated): dsformer, snndt.")
  var model: String = "dsformer"

  @Option(help: "Decision SpikeFormer attentions (comma-separated): pssa, tssa, sssa.")
  var attention: String = "pssa"

  @Option(help: "Decision SpikeFormer norms (comma-separated): ln, bn, ptbn.")
  var norm: String = "ptbn"

  @Option(help: "Widths D (comma-separated).")
  var hidden: String = "128"

  @Option(help: "Time windows T (comma-separated).")
  var timeSteps: String = "4"

  @Option(help: "Dimension sets (comma-separated): cartpole, hopper.")
  var dims: String = "hopper"

  @Option(help: "Layers.")
  var layers: Int = 3

  @Option(help: "Threads for the training shards (default 1).")
  var threads: Int = 1

  @Option(help: "Threads for the runner's products (each product's output columns split over them).")
  var runnerThreads: Int = 1

  @Option(help: "Data-parallel shards per training step.")
  var shards: Int = 4

  @Option(help: "Timed training steps (after 2 warm-up steps).")
  var trainSteps: Int = 5

  @Option(help: "Timed action calls (after 10 warm-up calls).")
  var calls: Int = 200

  @Flag(help: ArgumentHelp(
    "Start PSSA from positional matrices moved off their all-ones initialisation (each entry × (1 − 0.01·u), u seeded "
      + "uniform), as after the first training updates: at initialisation the attention output is an integer count and "
      + "the attention's gradient vanishes (skipped exactly), which a steady training step does not see."))
  var movedPositions = false

  @Flag(help: "Print JSON lines.")
  var json = false

  @Flag(help: "Also print the firing rate of every spiking layer in training.")
  var verbose = false

  func run() throws {
    guard threads >= 1, runnerThreads >= 1, shards >= 1, shards <= 64, layers >= 1, trainSteps >= 1, calls >= 1 else {
      throw ValidationError("--threads, --runner-threads, --layers, --train-steps, --calls must be positive and --shards in 1...64")
    }
    for cell in try cells() {
      let result = try BenchSDT.measure(
        cell, layers: layers, threads: threads, runnerThreads: runnerThreads, shards: shards, steps: trainSteps, calls: calls,
        movedPositions: movedPositions)
      if json {
        print(try JSONOutput.encode(result))
      } else {
        print(String(
          format: "%@ %@ D=%d T=%d: train step %.1f ms (%d shards, %d threads), action latency median %.3f ms, p99 %.3f ms "
            + "(tape %.3f ms), spikes/forward %.0f, firing rate %.3f, event-driven products %.0f%%",
          result.model, result.dims, result.hidden, result.timeSteps, result.trainStepMilliseconds, result.shards, result.threads,
          result.actionMedianMilliseconds, result.actionP99Milliseconds, result.tapeActionMedianMilliseconds,
          result.spikesPerForward, result.firingRate, 100 * result.eventDrivenFraction))
        if verbose {
          for (layer, rate) in result.trainingFiringRates.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %@ training %.3f, runner %.3f", layer, rate, result.runnerFiringRates[layer] ?? .nan))
          }
        }
      }
    }
  }

  /// The benchmark grid.
  func cells() throws -> [BenchSDTCell] {
    func list(_ text: String) -> [String] { text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
    func integers(_ text: String, _ name: String) throws -> [Int] {
      try list(text).map { (item: String) throws -> Int in
        guard let value = Int(item), value > 0 else { throw ValidationError("--\(name) needs positive integers, got '\(item)'") }
        return value
      }
    }
    var cells: [BenchSDTCell] = []
    for dims in list(self.dims) {
      guard ["cartpole", "hopper"].contains(dims) else { throw ValidationError("unknown --dims entry '\(dims)' (cartpole, hopper)") }
      for model in list(self.model) {
        guard ["dsformer", "snndt"].contains(model) else { throw ValidationError("unknown --model '\(model)' (dsformer, snndt)") }
        for d in try integers(hidden, "hidden") {
          for t in try integers(timeSteps, "time-steps") {
            if model == "snndt" {
              cells.append(BenchSDTCell(model: model, dims: dims, hidden: d, timeSteps: t, attention: nil, norm: nil))
              continue
            }
            for a in list(attention) {
              guard let kind = SpikingAttentionKind(rawValue: a) else { throw ValidationError("unknown --attention '\(a)' (pssa, tssa, sssa)") }
              for n in list(norm) {
                guard let normKind = NormalizationKind(rawValue: n) else { throw ValidationError("unknown --norm '\(n)' (ln, bn, ptbn)") }
                cells.append(BenchSDTCell(model: model, dims: dims, hidden: d, timeSteps: t, attention: kind, norm: normKind))
              }
            }
          }
        }
      }
    }
    return cells
  }
}

/// One configuration of the grid.
struct BenchSDTCell {
  let model: String, dims: String, hidden: Int, timeSteps: Int
  let attention: SpikingAttentionKind?
  let norm: NormalizationKind?
}

/// One `bench sdt` figure set.
struct SDTBenchResult: Codable {
  let model: String
  let dims: String
  let attention: String?
  let norm: String?
  let hidden: Int
  let layers: Int
  let timeSteps: Int
  let trainStepMilliseconds: Double
  let actionMedianMilliseconds: Double
  let actionP99Milliseconds: Double
  let tapeActionMedianMilliseconds: Double
  let spikesPerForward: Double
  let neuronStepsPerForward: Int
  let firingRate: Double
  /// Firing rate per spiking layer in the first training step (the batch's inputs).
  let trainingFiringRates: [String: Double]
  /// Firing rate per spiking layer in one runner call (the tokens the runner computes).
  let runnerFiringRates: [String: Double]
  /// The share of the runner's spike-input products that took the event-driven path.
  let eventDrivenFraction: Double
  let batch: Int
  let contextLength: Int
  let shards: Int
  let threads: Int
  /// Threads of the runner's products.
  let runnerThreads: Int
  /// Whether PSSA started from positional matrices moved off all ones (`--moved-positions`).
  let movedPositions: Bool
}
