import DecisionModels
import Foundation
import SpikingLayers
import Testing
import Training

/// `evaluate --clip-return-to-go`: the range recorded in the checkpoint, and what the model is shown with it.
@Suite(.serialized) struct ReturnToGoClippingTests {
  /// Passes every call to a real runner and keeps the last return-to-go of each context it is shown.
  final class RecordingRunner: ActionRunner {
    let inner: any ActionRunner
    var seen: [Float] = []

    init(_ inner: any ActionRunner) { self.inner = inner }

    func action(context: DecisionContext, recorder: SpikeRecorder?) -> [Float] {
      seen.append(context.returnsToGo[context.returnsToGo.count - 1])
      return inner.action(context: context, recorder: recorder)
    }
  }

  /// The last checkpoint of a tiny run on CartPole's expert fixture in `work`.
  static func checkpoint(in work: String, steps: Int) throws -> Checkpoint {
    let data = try TrainingFixtures.dataset(in: work)
    let run = (work as NSString).appendingPathComponent("run")
    try OfflineTrainer(configuration: TrainingFixtures.configuration(data: data, steps: steps), registry: try TrainingFixtures.registry, run: run)
      .train()
    return try CheckpointStore.read(run)
  }

  @Test func theCheckpointRecordsTheDataRangeAndClippingHoldsTheContextInsideIt() throws {
    let work = TrainingFixtures.directory("rtg-clip")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let checkpoint = try Self.checkpoint(in: work, steps: 2)
    let m = checkpoint.metadata
    // CartPole's expert episodes: +1 per step, so the returns-to-go run from 1 (the last step) to the longest episode.
    #expect(m.returnToGoRange == [1, 500])
    let evaluator = Evaluator(spec: try TrainingFixtures.registry.spec("CartPole-v1"), metadata: m)
    let model = try checkpoint.model()
    // A target far above the data: unclipped, the model is shown 2000/scale; clipped, never more than 500/scale.
    let plain = RecordingRunner(try model.runner(state: checkpoint.state))
    let unclipped = try evaluator.evaluate(runners: [plain], pool: nil, targetReturn: 2000, episodes: 1, seed: 1 << 63)
    #expect(plain.seen.first == Float(2000 / m.returnScale))
    #expect(unclipped.clippedReturnsToGo == nil)
    let held = RecordingRunner(try model.runner(state: checkpoint.state))
    let clipped = try evaluator.evaluate(runners: [held], pool: nil, targetReturn: 2000, episodes: 1, seed: 1 << 63, clipReturnsToGo: true)
    #expect(!held.seen.isEmpty && held.seen.allSatisfy { $0 >= Float(1 / m.returnScale) && $0 <= Float(500 / m.returnScale) })
    #expect(held.seen.first == Float(500 / m.returnScale))
    #expect(clipped.clippedReturnsToGo == [1, 500])
    // Inside the range nothing changes: the same contexts as without clipping up to the first value outside it.
    let (free, bounded) = (RecordingRunner(try model.runner(state: checkpoint.state)), RecordingRunner(try model.runner(state: checkpoint.state)))
    _ = try evaluator.evaluate(runners: [free], pool: nil, targetReturn: 300, episodes: 1, seed: 1 << 63)
    _ = try evaluator.evaluate(runners: [bounded], pool: nil, targetReturn: 300, episodes: 1, seed: 1 << 63, clipReturnsToGo: true)
    let range = Float(1 / m.returnScale)...Float(500 / m.returnScale)
    let prefix = free.seen.prefix { range.contains($0) }
    #expect(!prefix.isEmpty && Array(bounded.seen.prefix(prefix.count)) == Array(prefix))
  }

  @Test func clippingACheckpointWithoutARangeIsATypedError() throws {
    let work = TrainingFixtures.directory("rtg-clip-old")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let checkpoint = try Self.checkpoint(in: work, steps: 1)
    var old = checkpoint.metadata
    old.returnToGoRange = nil
    let evaluator = Evaluator(spec: try TrainingFixtures.registry.spec("CartPole-v1"), metadata: old)
    #expect {
      try evaluator.evaluate(runners: [try checkpoint.model().runner(state: checkpoint.state)], pool: nil, targetReturn: 100, episodes: 1,
        seed: 0, clipReturnsToGo: true)
    } throws: { error in
      guard case TrainerError.invalidConfiguration(let field, _) = error else { return false }
      return field == "return_to_go_range"
    }
  }
}
