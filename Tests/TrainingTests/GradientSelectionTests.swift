import Foundation
import Testing
@testable import Training

/// The steps of an update that enter the policy gradient (`updateFraction`).
@Suite(.serialized) struct GradientSelectionTests {
  @Test func aSeededFractionOfTheStepsDrawnWithoutReplacement() throws {
    let work = TrainingFixtures.directory("selection")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let offline = try OnlineFineTunerTests.offline(work)
    var c = OnlineFineTunerTests.configuration(offline)
    c.updateFraction = 0.25
    let tuner = try OnlineFineTuner(configuration: c, registry: try TrainingFixtures.registry, run: work + "/online")
    let first = tuner.selection(count: 101)
    #expect(first.count == 26 && Set(first).count == 26 && first == first.sorted() && first.allSatisfy { (0..<101).contains($0) })
    #expect(tuner.selection(count: 101) == first, "the update's own stream: the same draw on a resumed run")
    tuner.update = 1
    #expect(tuner.selection(count: 101) != first, "every update draws anew")
    // Over many updates every step is drawn about a quarter of the time (uniform).
    var hits = [Int](repeating: 0, count: 101)
    for update in 0..<400 {
      tuner.update = update
      for i in tuner.selection(count: 101) { hits[i] += 1 }
    }
    #expect(hits.allSatisfy { (60...150).contains($0) }, "\(hits.min() ?? 0)...\(hits.max() ?? 0)")
    #expect(tuner.selection(count: 1) == [0])
  }

  @Test func everyStepWhenTheFractionIsOneOrTheConfigurationPredatesIt() throws {
    let work = TrainingFixtures.directory("selection-all")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let offline = try OnlineFineTunerTests.offline(work)
    var c = OnlineFineTunerTests.configuration(offline)
    c.updateFraction = 1
    #expect(try OnlineFineTuner(configuration: c, registry: try TrainingFixtures.registry, run: work + "/a").selection(count: 40) == Array(0..<40))
    // A config.json written before the setting existed decodes without it: every step, as that version did.
    var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any] ?? [:]
    json["updateFraction"] = nil
    let old = try JSONDecoder().decode(OnlineFineTuningConfiguration.self, from: JSONSerialization.data(withJSONObject: json))
    #expect(old.updateFraction == nil)
    #expect(try OnlineFineTuner(configuration: old, registry: try TrainingFixtures.registry, run: work + "/b").selection(count: 40) == Array(0..<40))
    c.updateFraction = 0
    #expect(throws: TrainerError.self) { try OnlineFineTuner(configuration: c, registry: try TrainingFixtures.registry, run: work + "/c") }
  }
}
