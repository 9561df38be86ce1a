import ArgumentParser
import DecisionModels
import Foundation
import NeuralNetworks
import TensorEngine

/// `spikingmind bench dt`: Decision Transformer training-step time and batch-1 action latency.
///
/// Threads: with `--threads T > 1` and more than one shard, training shards run on T threads of our own
/// and the runner splits token rows over T threads, with OpenBLAS single-threaded meanwhile (T in all);
/// with one shard, OpenBLAS's threads split each product. Same configurations as `../shared/peers/bench_dt.py`: kzl gym DT (D=128, 3 layers, 1 head, MLP 4D,
/// K=20), batch 64; CartPole dims (state 4, 2 discrete actions, cross-entropy) and Hopper dims (state 11,
/// 3 continuous actions, tanh + MSE). Threads: OpenBLAS threads (`OPENBLAS_NUM_THREADS`). The report
/// names OpenBLAS's kernel: an `OPENBLAS_CORETYPE` in the environment forces one (this machine kind
/// forces Haswell; unset it in the benchmark command to let OpenBLAS pick, e.g. Cooperlake).
/// "Model GFLOP/s" divides the full model's matrix-product FLOPs (as `bench_dt.py` counts them) by the
/// time; the engine skips part of that work (the last block's non-state tokens), so it is a rate of model
/// work, not of arithmetic executed. Action latency is `DecisionTransformerRunner.action(context:)` on a
/// full K-step context; the tape path (`DecisionTransformer.action(context:parameters:)`) is reported too.
struct BenchDT: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dt", abstract: "Decision Transformer train step (batch 64, K=20) and action latency.")

  @Option(help: "Dimension sets (comma-separated): cartpole, hopper.")
  var dims: String = "cartpole,hopper"

  @Option(help: "Timed training steps (after 3 warm-up steps).")
  var trainSteps: Int = 10

  @Option(help: "Timed action calls (after 10 warm-up calls).")
  var calls: Int = 200

  @Option(help: "MLP activation: relu (kzl) or gelu.")
  var activation: String = "relu"

  @Option(help: "Model width D (MLP 4D; default 128, the kzl configuration).")
  var hidden: Int = 128

  @Option(help: "Threads (default: OpenBLAS's thread count, OPENBLAS_NUM_THREADS).")
  var threads: Int?

  @Option(help: "Data-parallel shards per training step (the result depends on this, not on --threads).")
  var shards: Int = 4

  @Flag(help: "Print JSON lines.")
  var json = false

  func run() throws {
    guard shards >= 1 && shards <= 64 else { throw ValidationError("--shards must lie in 1...64 (the batch is 64)") }
    guard (threads ?? 1) >= 1 else { throw ValidationError("--threads must be at least 1") }
    guard hidden >= 1 else { throw ValidationError("--hidden must be positive") }
    for name in dims.split(separator: ",").map(String.init) {
      guard let (state, action, discrete) = ["cartpole": (4, 2, true), "hopper": (11, 3, false)][name] else {
        throw ValidationError("unknown --dims entry '\(name)' (cartpole, hopper)")
      }
      var configuration = DecisionTransformerConfiguration(stateDimension: state, actionDimension: action, discrete: discrete)
      configuration.activation = activation == "gelu" ? .gelu : .relu
      (configuration.hiddenSize, configuration.innerSize) = (hidden, 4 * hidden)
      let result = try BenchDT.measure(
        configuration: configuration, steps: trainSteps, calls: calls, threads: threads ?? BLASInfo.threads, shards: shards)
      if json {
        var line = result.with(dims: name)
        line.hidden = hidden
        print(try JSONOutput.encode(line))
      } else {
        print(String(
          format: "%@: train step %.1f ms (%.1f model GFLOP/s, %d shards), action latency median %.3f ms, p99 %.3f ms "
            + "(%.1f model GFLOP/s; tape path %.3f ms) [%d threads, OpenBLAS %@]",
          name, result.trainStepMilliseconds, result.trainGigaflops, result.shards, result.actionMedianMilliseconds,
          result.actionP99Milliseconds, result.actionGigaflops, result.tapeActionMedianMilliseconds, result.threads, result.blasCore))
      }
    }
  }
}

/// One `bench dt` figure set.
struct DTBenchResult: Codable {
  var dims = ""
  var hidden = 0
  let trainStepMilliseconds: Double
  let trainGigaflops: Double
  let actionMedianMilliseconds: Double
  let actionP99Milliseconds: Double
  /// Full-model forward FLOPs of one window divided by the median action latency.
  let actionGigaflops: Double
  let tapeActionMedianMilliseconds: Double
  let shards: Int
  let batch: Int
  let contextLength: Int
  var blasCore = BLASInfo.coreName
  /// Threads used (ours: pool and runner threads, or OpenBLAS's with one shard).
  let threads: Int

  func with(dims: String) -> DTBenchResult {
    var copy = self
    copy.dims = dims
    return copy
  }
}
