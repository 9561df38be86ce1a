import DecisionModels
import Foundation
import NeuralNetworks
import SpikingLayers
import TensorEngine
import Testing
import Trajectories
import Training

/// The offline trainer: reproducibility, bit-exact resume, typed errors, the non-finite tripwire.
@Suite(.serialized) struct OfflineTrainerTests {
  static func lines(_ run: String) -> [String] {
    // Wall time is the one field that differs between identical runs.
    MetricsLog.read((run as NSString).appendingPathComponent("metrics.jsonl")).map {
      $0.replacingOccurrences(of: #""seconds_per_step":[0-9.e-]+"#, with: "", options: .regularExpression)
    }
  }

  @Test func sameSeedGivesIdenticalWeightsAndMetrics() throws {
    let work = TrainingFixtures.directory("seed")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let data = try TrainingFixtures.dataset(in: work)
    let configuration = TrainingFixtures.configuration(data: data, steps: 6)
    let (a, b) = ((work as NSString).appendingPathComponent("a"), (work as NSString).appendingPathComponent("b"))
    try OfflineTrainer(configuration: configuration, registry: try TrainingFixtures.registry, run: a).train()
    try OfflineTrainer(configuration: configuration, registry: try TrainingFixtures.registry, run: b).train()
    let (first, second) = (try CheckpointStore.read(a), try CheckpointStore.read(b))
    #expect(first.state == second.state && first.optimizer == second.optimizer)
    #expect(Self.lines(a) == Self.lines(b) && Self.lines(a).count == 4)  // 3 training lines, 1 evaluation
    var other = configuration
    other.seed = 1
    let c = (work as NSString).appendingPathComponent("c")
    try OfflineTrainer(configuration: other, registry: try TrainingFixtures.registry, run: c).train()
    #expect(try CheckpointStore.read(c).state != first.state)
  }

  @Test func resumeContinuesBitExactly() throws {
    let work = TrainingFixtures.directory("resume")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let data = try TrainingFixtures.dataset(in: work)
    let configuration = TrainingFixtures.configuration(data: data, steps: 10)
    let registry = try TrainingFixtures.registry
    let whole = (work as NSString).appendingPathComponent("whole")
    try OfflineTrainer(configuration: configuration, registry: registry, run: whole).train()
    let parts = (work as NSString).appendingPathComponent("parts")
    try OfflineTrainer(configuration: configuration, registry: registry, run: parts).train(stopAt: 6)
    let stopped = try CheckpointStore.read(parts)
    #expect(stopped.progress.step == 6)
    try OfflineTrainer(configuration: configuration, registry: registry, run: parts, resume: stopped).train()
    let (expected, resumed) = (try CheckpointStore.read(whole), try CheckpointStore.read(parts))
    #expect(resumed.progress.step == 10)
    #expect(resumed.state.parameters == expected.state.parameters)
    #expect(resumed.state.buffers == expected.state.buffers)
    #expect(resumed.optimizer == expected.optimizer)
    #expect(Self.lines(parts) == Self.lines(whole))
    // The PTBN counters ran out at step 4 and were saved as such.
    #expect(resumed.state.buffers[counter: "transformer.transformer.last_ln.norm.iter"] == 0)
  }

  @Test func resumingWithAnotherEnvironmentOrDatasetIsAClearError() throws {
    let work = TrainingFixtures.directory("mismatch")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let data = try TrainingFixtures.dataset(in: work)
    let configuration = TrainingFixtures.configuration(data: data, steps: 2)
    let registry = try TrainingFixtures.registry
    let run = (work as NSString).appendingPathComponent("run")
    try OfflineTrainer(configuration: configuration, registry: registry, run: run).train()
    let checkpoint = try CheckpointStore.read(run)
    let otherData = try TrainingFixtures.dataset(in: work, seed: 5)
    var other = configuration
    other.data = [otherData]
    #expect {
      try OfflineTrainer(configuration: other, registry: registry, run: run, resume: checkpoint)
    } throws: { error in
      if case .incompatibleDataset = error as? TrainerError { return true }
      return false
    }
    let acrobot = try TrainingFixtures.dataset(in: work, episodes: 1, environment: "Acrobot-v1")
    var wrongEnvironment = TrainingFixtures.configuration(data: acrobot, steps: 2)
    wrongEnvironment.environment = "Acrobot-v1"
    if case .dsformer(var m) = wrongEnvironment.model {
      (m.stateDimension, m.actionDimension) = (6, 3)
      wrongEnvironment.model = .dsformer(m)
    }
    #expect {
      try OfflineTrainer(configuration: wrongEnvironment, registry: registry, run: run, resume: checkpoint)
    } throws: { error in
      guard case .checkpointEnvironment(_, let found, let requested) = error as? TrainerError else { return false }
      return found == "CartPole-v1" && requested == "Acrobot-v1"
    }
    // A dataset of another environment given for CartPole.
    var mixed = configuration
    mixed.data = [acrobot]
    #expect {
      try OfflineTrainer(configuration: mixed, registry: registry, run: (work as NSString).appendingPathComponent("x"))
    } throws: { error in
      guard case .datasetMismatch(let path, let reason) = error as? TrainerError else { return false }
      return path == acrobot && reason.contains("Acrobot-v1")
    }
  }

  @Test func corruptedCheckpointFilesAreTypedErrorsNamingFileAndField() throws {
    let work = TrainingFixtures.directory("corrupt")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let data = try TrainingFixtures.dataset(in: work)
    let run = (work as NSString).appendingPathComponent("run")
    try OfflineTrainer(configuration: TrainingFixtures.configuration(data: data, steps: 2), registry: try TrainingFixtures.registry, run: run).train()
    let directory = try CheckpointStore.resolve(run)
    func expectFailure(_ file: String, field: String, _ damage: (String) throws -> Void) throws {
      let copy = (work as NSString).appendingPathComponent("copy-\(UUID().uuidString)")
      try FileManager.default.copyItem(atPath: directory, toPath: copy)
      try damage((copy as NSString).appendingPathComponent(file))
      #expect {
        try CheckpointStore.read(copy)
      } throws: { error in
        guard case .checkpoint(let path, let named, _) = error as? TrainerError else { return false }
        return path.hasSuffix(file) && named.contains(field)
      }
    }
    let model = try Data(contentsOf: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("model.safetensors")))
    for cut in [0, 7, 100, model.count / 2, model.count - 1] {
      try expectFailure("model.safetensors", field: "file") { try model.prefix(cut).write(to: URL(fileURLWithPath: $0)) }
    }
    try expectFailure("optimizer.safetensors", field: "file") { try Data("garbage".utf8).write(to: URL(fileURLWithPath: $0)) }
    try expectFailure("trainer.json", field: "file") { try FileManager.default.removeItem(atPath: $0) }
    try expectFailure("trainer.json", field: "step") { path in
      let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: #""step":"#, with: #""stepp":"#)
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
    try expectFailure("trainer.json", field: "trainer.json") { try Data("{\"step\": ".utf8).write(to: URL(fileURLWithPath: $0)) }
    #expect(throws: TrainerError.self) { try CheckpointStore.read((work as NSString).appendingPathComponent("missing")) }
    try Data("step-99999999\n".utf8).write(to: URL(fileURLWithPath: (run as NSString).appendingPathComponent("latest")))
    #expect(throws: TrainerError.self) { try CheckpointStore.read(run) }
  }

  @Test func nonFiniteLossStopsTrainingAndKeepsTheLastCheckpoint() throws {
    let work = TrainingFixtures.directory("nan")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let data = try TrainingFixtures.dataset(in: work)
    var configuration = TrainingFixtures.configuration(data: data, steps: 20)
    (configuration.learningRate, configuration.warmupSteps, configuration.checkpointEvery, configuration.maxGradientNorm) = (1e30, 0, 1, 1e30)
    let run = (work as NSString).appendingPathComponent("run")
    var stoppedAt = 0
    #expect {
      try OfflineTrainer(configuration: configuration, registry: try TrainingFixtures.registry, run: run).train()
    } throws: { error in
      guard case .nonFinite(let step, let batch, let detail) = error as? TrainerError else { return false }
      stoppedAt = step
      return step > 1 && batch.count == 8 && (detail.contains("loss") || detail.contains("gradient"))
    }
    let kept = try CheckpointStore.read(run)
    #expect(kept.progress.step == stoppedAt - 1)
    #expect(kept.state.parameters.names.allSatisfy { kept.state.parameters[$0]?.scalars.allSatisfy(\.isFinite) ?? false })
  }
}
