import ClassicControl
import DecisionModels
import Experts
import Foundation
import RLCore
import SpikingLayers
import Trajectories
import Training

/// Small datasets and configurations for the trainer's tests.
enum TrainingFixtures {
  static var registry: EnvironmentRegistry { get throws { try EnvironmentRegistry(ClassicControl.specs) } }

  /// A temporary directory (removed by the caller).
  static func directory(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spikingmind-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// `episodes` CartPole expert episodes written to `directory/name.npz`.
  static func dataset(in directory: String, episodes: Int = 4, seed: UInt64 = 0, environment: String = "CartPole-v1") throws -> String {
    let registry = try registry
    let collector = ExpertCollector(spec: try registry.spec(environment), quality: .expert, seed: seed)
    let collected = try collector.collect(episodes: episodes, workers: 1)
    let path = (directory as NSString).appendingPathComponent("\(environment)-\(seed).npz")
    try DatasetFile.write(collector.dataset(of: collected, environment: try registry.make(environment)), to: path)
    return path
  }

  /// A tiny Decision SpikeFormer configuration (PTBN, so counters and running statistics are exercised).
  static func configuration(data: String, steps: Int = 10) -> OfflineTrainingConfiguration {
    var model = SpikingDecisionTransformerConfiguration(stateDimension: 4, actionDimension: 2, discrete: true)
    (model.hiddenSize, model.layers, model.contextLength, model.timeSteps, model.progressiveSteps) = (16, 1, 4, 2, 4)
    var c = OfflineTrainingConfiguration(environment: "CartPole-v1", data: [data], model: .dsformer(model), steps: steps, returnScale: 100)
    (c.batchSize, c.shards, c.threads, c.logEvery, c.evalEpisodes, c.learningRate, c.warmupSteps) = (8, 2, 1, 2, 1, 1e-3, 2)
    return c
  }
}
