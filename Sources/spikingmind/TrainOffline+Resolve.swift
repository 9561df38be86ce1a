import ArgumentParser
import DecisionModels
import Foundation
import RLCore
import SpikingLayers
import Training

extension TrainOffline {
  /// The configuration (defaults, then --config, then flags), the checkpoint to resume and the run directory.
  func resolve(_ registry: EnvironmentRegistry) throws -> (OfflineTrainingConfiguration, Checkpoint?, String) {
    if let resume {
      let checkpoint = try CheckpointStore.read(resume)
      var configuration = try Self.readConfiguration((resume as NSString).appendingPathComponent("config.json"))
      if let env, try registry.spec(env).id != configuration.environment {
        throw TrainerError.checkpointEnvironment(path: resume, checkpoint: configuration.environment, requested: try registry.spec(env).id)
      }
      if let steps { configuration.steps = steps }
      if let threads { configuration.threads = threads }
      return (configuration, checkpoint, resume)
    }
    var configuration: OfflineTrainingConfiguration
    if let config {
      configuration = try Self.readConfiguration(config)
    } else {
      guard let env else { throw ValidationError("--env is required (or --config / --resume)") }
      configuration = try defaults(registry.spec(env), registry: registry)
    }
    try apply(to: &configuration, registry: registry)
    let spec = try registry.spec(configuration.environment)
    let stamp = Self.timestamp()
    let run = out ?? "Checkpoints/\(spec.id)-\(configuration.model.kind.rawValue)-\(stamp)"
    try CheckpointStore.requireFresh(run: run)
    return (configuration, nil, run)
  }

  /// The defaults of the table for an environment and the chosen model family.
  func defaults(_ spec: EnvironmentSpec, registry: EnvironmentRegistry) throws -> OfflineTrainingConfiguration {
    let environment = try registry.make(spec.id)
    let codec = try ActionCodec(space: environment.actionSpace)
    let row = OfflineDefaults.row(spec.id)
    let paths = data.isEmpty ? ["Demos/\(spec.id)-expert.npz"] : data
    if data.isEmpty, !FileManager.default.fileExists(atPath: paths[0]) {
      throw TrainerError.noDataset(environment: spec.id, searched: paths)
    }
    let modelConfiguration = OfflineDefaults.model(
      model, row: row, stateDimension: environment.observationSpace.count, actionDimension: codec.count, discrete: codec.discrete,
      maxEpisodeLength: max(spec.maxEpisodeSteps ?? 1000, 1))
    var c = OfflineTrainingConfiguration(environment: spec.id, data: paths, model: modelConfiguration, steps: row.steps, returnScale: row.returnScale)
    (c.batchSize, c.learningRate, c.warmupSteps) = (row.batch, row.learningRate, row.warmup)
    return c
  }

  /// The flags given, over `configuration`.
  func apply(to c: inout OfflineTrainingConfiguration, registry: EnvironmentRegistry) throws {
    if !data.isEmpty { c.data = data }
    if let steps { c.steps = steps }
    if let batch { c.batchSize = batch }
    if let lr { c.learningRate = lr }
    if let evalEvery { c.evalEvery = evalEvery }
    if let evalEpisodes { c.evalEpisodes = evalEpisodes }
    if !targetReturn.isEmpty { c.targetReturns = targetReturn }
    if let seed { c.seed = seed }
    if let threads { c.threads = threads }
    if let shards { c.shards = shards }
    if let checkpointEvery { c.checkpointEvery = checkpointEvery }
    if let keep { c.keepCheckpoints = keep }
    if let logEvery { c.logEvery = logEvery }
    switch c.model {
    case .dsformer(var m):
      if let attention { m.attention = attention }
      if let norm { m.normalization = norm }
      if let timeSteps { m.timeSteps = timeSteps }
      if let context { m.contextLength = context }
      if let hidden { m.hiddenSize = hidden }
      if let layers { m.layers = layers }
      if let heads { m.heads = heads }
      // The timestep table: the environment's episode step limit (1000 without one).
      if let dropout { m.dropout = dropout }
      if returnEmbedding { m.returnEmbedding = true }
      if timestepEmbedding { m.timestepEmbedding = max(try registry.spec(c.environment).maxEpisodeSteps ?? 1000, 1) }
      m.progressiveSteps = Int(Double(c.steps) * c.progressiveFraction)
      c.model = .dsformer(m)
    case .snndt(var m):
      if let timeSteps { m.timeSteps = timeSteps }
      if let context { m.contextLength = context }
      if let hidden { (m.hiddenSize, m.innerSize) = (hidden, 4 * hidden) }
      if let layers { m.layers = layers }
      if let heads { m.heads = heads }
      if let dropout { m.dropout = dropout }
      c.model = .snndt(m)
    case .dt(var m):
      if let context { m.contextLength = context }
      if let hidden { (m.hiddenSize, m.innerSize) = (hidden, 4 * hidden) }
      if let layers { m.layers = layers }
      if let heads { m.heads = heads }
      if let dropout { m.dropout = dropout }
      c.model = .dt(m)
    }
    if (attention != nil || norm != nil || timestepEmbedding || returnEmbedding), c.model.kind != .dsformer {
      throw ValidationError("--attention, --norm, --timestep-embedding and --return-embedding apply to --model dsformer only")
    }
  }

  static func readConfiguration(_ path: String) throws -> OfflineTrainingConfiguration {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw TrainerError.checkpoint(path: path, field: "file", reason: "missing or unreadable")
    }
    do {
      return try JSONDecoder().decode(OfflineTrainingConfiguration.self, from: data)
    } catch {
      throw TrainerError.checkpoint(path: path, field: "configuration", reason: "\(error)")
    }
  }

  static func timestamp() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    return formatter.string(from: Date())
  }
}
