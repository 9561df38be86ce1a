public import ArgumentParser
import MPITransport
import DecisionModels
import Foundation
import RLCore
public import SpikingLayers
public import Training

/// `spikingmind train-offline`: return-conditioned offline training of a spiking or ANN Decision Transformer.
struct TrainOffline: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train-offline",
    abstract: "Train a Decision SpikeFormer (default), SNN-DT or DT on a dataset; write a checkpoint directory.",
    discussion: """
      With no options the dataset collect-experts wrote for the environment (Demos/<env>-expert.npz) trains the \
      spiking DSFormer (PSSA, PTBN) with the environment's defaults (docs/TRAINING.md), and the checkpoint goes to \
      Checkpoints/<env>-<model>-<timestamp>/. Settings resolve as: the defaults table, then --config FILE, then \
      the flags given. --resume DIR continues a run bit for bit (its config.json; --steps may extend it).
      """)

  @Option(help: "Environment id, e.g. CartPole or CartPole-v1.")
  var env: String?

  @Option(parsing: .upToNextOption, help: "Dataset files (.npz), concatenated (default: Demos/<env>-expert.npz).")
  var data: [String] = []

  @Option(help: "Model: dsformer, snndt or dt.")
  var model: ModelKind = .dsformer

  @Option(help: "DSFormer attention: pssa, tssa or sssa.")
  var attention: SpikingAttentionKind?

  @Option(help: "DSFormer norm: ln, bn or ptbn.")
  var norm: NormalizationKind?

  @Option(help: "SNN time window T.")
  var timeSteps: Int?

  @Option(help: "Context length K (steps).")
  var context: Int?

  @Option(help: "Model width D.")
  var hidden: Int?

  @Option(help: "Blocks.")
  var layers: Int?

  @Option(help: "Attention heads.")
  var heads: Int?

  @Flag(help: "DSFormer: add a learned timestep embedding (the environment's episode limit rows; not in the released model).")
  var timestepEmbedding = false

  @Flag(help: "DSFormer: a separate return-to-go path added after embed_ln (embed_return; not in the released model).")
  var returnEmbedding = false

  @Option(help: "Dropout rate in training (DT and SNN-DT default 0.1; DSFormer default none, as released: the embedding and the residual branches).")
  var dropout: Float?

  @Option(help: "Optimisation steps.")
  var steps: Int?

  @Option(help: "Windows per step.")
  var batch: Int?

  @Option(help: "Learning rate.")
  var lr: Float?

  @Option(help: "Evaluate every N steps (0: at the end only).")
  var evalEvery: Int?

  @Option(help: "Episodes per evaluation.")
  var evalEpisodes: Int?

  @Option(parsing: .upToNextOption, help: "Conditioning returns (default: the expert's reference return in the dataset).")
  var targetReturn: [Double] = []

  @Option(help: "Seed (initialisation, batches, dropout).")
  var seed: UInt64?

  @Option(help: "Threads (training shards, evaluation).")
  var threads: Int?

  @Option(help: "Data-parallel shards per step (results depend on this, never on --threads).")
  var shards: Int?

  @Option(help: "Checkpoint every N steps (0: at the end only).")
  var checkpointEvery: Int?

  @Option(help: "Checkpoints kept.")
  var keep: Int?

  @Option(help: "Metrics line every N steps.")
  var logEvery: Int?

  @Option(help: "Run directory (default: Checkpoints/<env>-<model>-<timestamp>).")
  var out: String?

  @Option(help: "Continue the run in this directory.")
  var resume: String?

  @Option(help: "A JSON configuration (the config.json of a run) to start from.")
  var config: String?

  @Flag(help: "Print a JSON summary at the end.")
  var json = false

  @Option(help: "mpi: data-parallel over the ranks of `mpirun -np N` (each computes its block of the shards; rank 0 writes).")
  var distributed: DistributedKind?

  func validate() throws {
    if distributed != nil, out == nil, resume == nil {
      throw ValidationError("--distributed needs --out (or --resume): every rank must name the same run directory")
    }
  }

  func run() throws {
    do {
      let registry = try StandardRegistry.make()
      let exchange = try distributed.map { _ in try MPICommunicator() }
      let (configuration, checkpoint, runDirectory) = try resolve(registry)
      // Every rank has checked the run directory before rank 0 creates it.
      try exchange?.barrier()
      let trainer = try OfflineTrainer(
        configuration: configuration, registry: registry, run: runDirectory, resume: checkpoint, exchange: exchange)
      var reporter = ProgressReporter(total: trainer.writes ? configuration.steps : 0,
        label: "train-offline \(trainer.spec.id) \(configuration.model.kind.rawValue)")
      let started = trainer.step
      let directory = try trainer.train { progress in
        guard trainer.writes, progress.step % 10 == 0 || progress.step == progress.steps || progress.step == started + 1 else { return }
        var detail = String(format: "loss %.4f, %.1f steps/s", progress.loss, progress.stepsPerSecond)
        if let rate = progress.firingRate { detail += String(format: ", firing %.3f", rate) }
        if let e = progress.lastEvaluation { detail += String(format: ", eval %.1f ± %.1f", e.mean, e.std) }
        reporter.update(done: progress.step, detail: detail)
      }
      if let exchange {
        try exchange.barrier()  // rank 0's last checkpoint is written before any rank reports success
        exchange.finalize()
        guard trainer.writes else { return }
      }
      let summary = TrainingSummary(
        run: runDirectory, checkpoint: directory, environment: trainer.spec.id, model: configuration.model.summary,
        steps: configuration.steps, seconds: reporter.elapsedSeconds, evaluation: trainer.lastEvaluation)
      if json {
        print(try JSONOutput.encode(summary))
      } else {
        if let e = trainer.lastEvaluation {
          print(String(format: "final evaluation (target %.1f, %d episodes): return %.2f ± %.2f, normalised score %.1f",
            e.targetReturn, e.episodes, e.mean, e.std, e.normalizedScore))
        }
        print("checkpoint: \(runDirectory)")
      }
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }
}

/// How `train-offline` spreads over processes.
enum DistributedKind: String, ExpressibleByArgument, CaseIterable {
  case mpi
}

extension ModelKind: ExpressibleByArgument {}
extension SpikingAttentionKind: ExpressibleByArgument {}
extension NormalizationKind: ExpressibleByArgument {}

/// The result of `train-offline`.
struct TrainingSummary: Codable {
  let run: String
  let checkpoint: String
  let environment: String
  let model: String
  let steps: Int
  let seconds: Double
  let evaluation: EvaluationSummary?
}
