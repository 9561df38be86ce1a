import DecisionModels
import Foundation
import NeuralNetworks
import SpikingLayers
import TensorEngine
import Testing
import Trajectories
import Training

/// The online fine-tuner: warm start, bit-exact resume, typed errors, the policy-gradient objective.
@Suite(.serialized) struct OnlineFineTunerTests {
  /// An offline checkpoint of the tiny configuration.
  static func offline(_ work: String) throws -> String {
    let data = try TrainingFixtures.dataset(in: work)
    let run = (work as NSString).appendingPathComponent("offline")
    try OfflineTrainer(configuration: TrainingFixtures.configuration(data: data, steps: 4), registry: try TrainingFixtures.registry, run: run).train()
    return run
  }

  static func configuration(_ offline: String) -> OnlineFineTuningConfiguration {
    var c = OnlineFineTuningConfiguration(checkpoint: offline, environment: "CartPole-v1")
    (c.episodes, c.episodesPerUpdate, c.threads, c.shards, c.evalEpisodes, c.chunk) = (12, 3, 1, 2, 2, 64)
    return c
  }

  @Test func warmStartActsLikeTheOfflinePolicy() throws {
    let work = TrainingFixtures.directory("warm")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let offline = try Self.offline(work)
    let tuner = try OnlineFineTuner(configuration: Self.configuration(offline), registry: try TrainingFixtures.registry,
      run: (work as NSString).appendingPathComponent("online"))
    let checkpoint = try CheckpointStore.read(offline)
    #expect(tuner.state == checkpoint.state)
    var context = DecisionContext()
    context.append(state: [0.1, -0.2, 0.3, 0.05], action: [0, 0], returnToGo: 5, timestep: 0)
    let model = try checkpoint.model()
    #expect(try model.runner(state: tuner.state).action(context: context, recorder: nil)
      == model.runner(state: checkpoint.state).action(context: context, recorder: nil))
    // The fine-tuner's first evaluation is the offline policy's own (same seeds).
    try tuner.train(stopAt: 0)
    let evaluator = Evaluator(spec: tuner.spec, metadata: checkpoint.metadata)
    let direct = try evaluator.evaluate(runners: [try model.runner(state: checkpoint.state)], pool: nil,
      targetReturn: tuner.target, episodes: 2, seed: 1 << 63)
    #expect(tuner.firstEvaluation?.results == direct.results)
  }

  @Test(arguments: [nil, 2]) func resumeContinuesBitExactlyAndRecordsTheLineage(updateSteps: Int?) throws {
    let work = TrainingFixtures.directory("online-resume-\(updateSteps ?? 1)")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let offline = try Self.offline(work)
    let registry = try TrainingFixtures.registry
    var c = Self.configuration(offline)
    c.updateSteps = updateSteps
    let whole = (work as NSString).appendingPathComponent("whole")
    try OnlineFineTuner(configuration: c, registry: registry, run: whole).train()
    let parts = (work as NSString).appendingPathComponent("parts")
    try OnlineFineTuner(configuration: c, registry: registry, run: parts).train(stopAt: 2)
    let stopped = try CheckpointStore.read(parts)
    try OnlineFineTuner(configuration: c, registry: registry, run: parts, resume: stopped).train()
    let (a, b) = (try CheckpointStore.read(whole), try CheckpointStore.read(parts))
    #expect(a.state == b.state && a.optimizer == b.optimizer && a.progress.online == b.progress.online)
    #expect(a.state != (try CheckpointStore.read(offline)).state, "fine-tuning must change the weights")
    #expect(a.metadata.lineage.first == offline && a.metadata.onlineSteps > 0)
    #expect(a.progress.online["episodes"] == 12)
  }

  @Test func anotherEnvironmentOrACorruptedCheckpointIsATypedError() throws {
    let work = TrainingFixtures.directory("online-errors")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let offline = try Self.offline(work)
    var wrong = Self.configuration(offline)
    wrong.environment = "Acrobot-v1"
    #expect {
      try OnlineFineTuner(configuration: wrong, registry: try TrainingFixtures.registry, run: (work as NSString).appendingPathComponent("x"))
    } throws: { error in
      guard case .checkpointEnvironment(_, let found, let requested) = error as? TrainerError else { return false }
      return found == "CartPole-v1" && requested == "Acrobot-v1"
    }
    let model = (try CheckpointStore.resolve(offline) as NSString).appendingPathComponent("model.safetensors")
    try Data("broken".utf8).write(to: URL(fileURLWithPath: model))
    #expect {
      try OnlineFineTuner(configuration: Self.configuration(offline), registry: try TrainingFixtures.registry, run: (work as NSString).appendingPathComponent("y"))
    } throws: { error in
      guard case .checkpoint(let path, _, _) = error as? TrainerError else { return false }
      return path == model
    }
  }

  @Test func policyGradientMatchesFiniteDifferencesAndFreesItsTape() throws {
    for discrete in [true, false] {
      let objective = PolicyGradientLoss(discrete: discrete, entropy: 0.3, anchorWeight: 0.7)
      let samples = (0..<3).map { w in
        PolicyGradientLoss.Sample(action: discrete ? [Float(w % 2)] : [0.3 * Float(w) - 0.2, 0.1], advantage: Float(w) - 0.8, anchor: [0.2, -0.4])
      }
      func loss(_ predictions: Tensor, _ logStd: Tensor) -> (Float, Tensor, Tensor) {
        let tape = Tape()
        let (p, s) = (tape.parameter(predictions), tape.parameter(logStd))
        var diagnostics = PolicyGradientLoss.Diagnostics()
        let value = objective(p, logStd: discrete ? nil : s, samples: samples[...], normalizer: 3, diagnostics: &diagnostics)
        let g = tape.gradients(of: value)
        return (value.value.scalar, g[p], g[s])
      }
      let predictions = Tensor(shape: [3, 2, 2], scalars: [0.1, 0.5, -0.3, 0.2, 0.4, -0.1, 0.7, -0.6, 0.0, 0.3, -0.2, 0.25])
      let logStd = Tensor(shape: [2], scalars: [-0.5, -1.0])
      let (_, gp, gs) = loss(predictions, logStd)
      for i in 0..<predictions.count {
        var (up, down) = (predictions, predictions)
        up.scalars[i] += 1e-3
        down.scalars[i] -= 1e-3
        let numeric = (loss(up, logStd).0 - loss(down, logStd).0) / 2e-3
        #expect(abs(numeric - gp.scalars[i]) < 2e-3, "\(discrete) prediction \(i): \(gp.scalars[i]) vs \(numeric)")
      }
      if !discrete {
        for i in 0..<2 {
          var (up, down) = (logStd, logStd)
          up.scalars[i] += 1e-3
          down.scalars[i] -= 1e-3
          let numeric = (loss(predictions, up).0 - loss(predictions, down).0) / 2e-3
          #expect(abs(numeric - gs.scalars[i]) < 3e-3, "log σ \(i): \(gs.scalars[i]) vs \(numeric)")
        }
      }
    }
    // PPO's clipped surrogate: differentiable away from the clip's edges, flat where the clip is active.
    for discrete in [true, false] {
      let objective = PolicyGradientLoss(discrete: discrete, entropy: 0.1, anchorWeight: 0.2, clip: 0.2)
      let predictions = Tensor(shape: [4, 1, 2], scalars: [0.1, 0.5, -0.3, 0.2, 0.4, -0.1, 0.7, -0.6])
      let logStd = Tensor(shape: [2], scalars: [-0.5, -1.0])
      // Ratios far inside (×1), far above (×3) and far below (×0.3) the clip, with advantages of both signs.
      let samples = (0..<4).map { w in
        let action: [Float] = discrete ? [Float(w % 2)] : [0.2 * Float(w) - 0.3, 0.1]
        let z = Array(predictions.scalars[(2 * w)..<(2 * w + 2)])
        let logP = PolicyGradientLoss.logProbability(action, output: z, discrete: discrete, logStd: logStd.scalars)
        let shift: [Float] = [0, Foundation.log(3), Foundation.log(0.3), Foundation.log(3)]
        return PolicyGradientLoss.Sample(action: action, advantage: [0.7, 1.2, -0.9, -1.1][w], anchor: [0.2, -0.4],
          behaviourLogProbability: logP - shift[w])
      }
      func loss(_ predictions: Tensor, _ logStd: Tensor) -> (Float, Tensor) {
        let tape = Tape()
        let (p, s) = (tape.parameter(predictions), tape.parameter(logStd))
        var diagnostics = PolicyGradientLoss.Diagnostics()
        let value = objective(p, logStd: discrete ? nil : s, samples: samples[...], normalizer: 4, diagnostics: &diagnostics)
        return (value.value.scalar, tape.gradients(of: value)[p])
      }
      let (_, gp) = loss(predictions, logStd)
      for i in 0..<predictions.count {
        var (up, down) = (predictions, predictions)
        up.scalars[i] += 1e-3
        down.scalars[i] -= 1e-3
        let numeric = (loss(up, logStd).0 - loss(down, logStd).0) / 2e-3
        #expect(abs(numeric - gp.scalars[i]) < 2e-3, "PPO \(discrete) prediction \(i): \(gp.scalars[i]) vs \(numeric)")
      }
      // Window 1 (r = 3 > 1 + ε, A > 0) is clipped: only the entropy and anchor terms move it; with the ratio at 1
      // (window 0) the surrogate's gradient is REINFORCE's.
      let plain = PolicyGradientLoss(discrete: discrete, entropy: 0.1, anchorWeight: 0.2, clip: 0.2)
      var reinforce = samples
      reinforce[0].behaviourLogProbability = nil
      let tape = Tape()
      let p = tape.parameter(predictions)
      var d = PolicyGradientLoss.Diagnostics()
      let s = tape.parameter(logStd)
      let g = tape.gradients(of: plain(p, logStd: discrete ? nil : s, samples: reinforce[...], normalizer: 4, diagnostics: &d))[p]
      for j in 0..<2 { #expect(abs(g.scalars[j] - gp.scalars[j]) < 1e-6) }
      var unclipped = samples
      unclipped[1].behaviourLogProbability = nil
      let tape2 = Tape()
      let p2 = tape2.parameter(predictions)
      let s2 = tape2.parameter(logStd)
      let g2 = tape2.gradients(of: plain(p2, logStd: discrete ? nil : s2, samples: unclipped[...], normalizer: 4, diagnostics: &d))[p2]
      #expect(abs(g2.scalars[2] - gp.scalars[2]) > 1e-3, "the clipped window's policy term must vanish")
    }
    // The operation's closure must not hold its tape (a retain cycle leaked every update's tapes).
    weak var released: Tape?
    do {
      let tape = Tape()
      released = tape
      var diagnostics = PolicyGradientLoss.Diagnostics()
      let p = tape.parameter(Tensor(shape: [1, 1, 2], scalars: [0.1, 0.2]))
      let s = tape.parameter(Tensor(shape: [2], scalars: [0, 0]))
      let value = PolicyGradientLoss(discrete: false, entropy: 0, anchorWeight: 0)(
        p, logStd: s, samples: [PolicyGradientLoss.Sample(action: [0, 0], advantage: 1, anchor: [])][...], normalizer: 1, diagnostics: &diagnostics)
      _ = tape.gradients(of: value)
    }
    #expect(released == nil)
  }
}
