import ClassicControl
import Experts
import Foundation
import Parallelism
import RLCore
import Testing

/// ARS's plumbing on Pendulum-v1 (continuous, fast): thread-count independence, resume through the checkpoint
/// file, the statistics merge, typed errors.
@Suite struct AugmentedRandomSearchTests {
  static func search() throws -> AugmentedRandomSearch {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    let configuration = AugmentedRandomSearch.Configuration(stepSize: 0.02, noise: 0.03, directions: 4, top: 2, shift: 0, seed: 5)
    return try AugmentedRandomSearch(configuration: configuration, spec: try registry.spec("Pendulum-v1"), registry: registry)
  }

  @Test func resultsDoNotDependOnThreadsAndResumeThroughTheFile() throws {
    let search = try Self.search()
    var single = try search.initialState(), threaded = single
    let pool = WorkerPool(threads: 2)
    for _ in 0..<4 {
      _ = try search.iterate(&single, pool: nil)
      _ = try search.iterate(&threaded, pool: pool)
    }
    #expect(single == threaded)
    #expect(single.iteration == 4 && single.environmentSteps == 4 * 8 * 200)
    #expect(single.policy.weights.contains { $0 != 0 } && single.statistics.count == Double(single.environmentSteps))
    // Stop after 2, write, read, continue: the same state as 4 straight.
    var first = try search.initialState()
    for _ in 0..<2 { _ = try search.iterate(&first, pool: nil) }
    let run = FileManager.default.temporaryDirectory.appendingPathComponent("ars-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: run) }
    try ExpertCheckpoint(environment: "Pendulum-v1", configuration: search.configuration, state: first, lastEvaluation: nil).write(run: run)
    var resumed = try ExpertCheckpoint.read(run).state
    for _ in 0..<2 { _ = try search.iterate(&resumed, pool: pool) }
    #expect(resumed == single)
    // Another seed searches differently.
    var other = AugmentedRandomSearch.Configuration.paper(for: "Pendulum-v1", seed: 6)
    (other.directions, other.top) = (4, 2)
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    var different = try search.initialState()
    _ = try AugmentedRandomSearch(configuration: other, spec: try registry.spec("Pendulum-v1"), registry: registry).iterate(&different, pool: nil)
    var same = try search.initialState()
    _ = try search.iterate(&same, pool: nil)
    #expect(different.policy.weights != same.policy.weights)
  }

  @Test func mergedStatisticsEqualTheStreamsStatistics() {
    var generator = NumPyGenerator(seed: 1)
    let vectors = (0..<50).map { _ in (0..<3).map { _ in Float(generator.uniform(-5, 5)) } }
    var whole = RunningStatistics(dimension: 3), left = RunningStatistics(dimension: 3), right = RunningStatistics(dimension: 3)
    for (i, v) in vectors.enumerated() {
      whole.add(v)
      if i < 20 { left.add(v) } else { right.add(v) }
    }
    left.merge(right)
    #expect(left.count == whole.count)
    for i in 0..<3 {
      #expect(abs(left.mean[i] - whole.mean[i]) < 1e-12)
      #expect(abs(left.standardDeviation[i] - whole.standardDeviation[i]) < 1e-12)
      let values = vectors.map { Double($0[i]) }
      let mean = values.reduce(0, +) / 50
      let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 49).squareRoot()
      #expect(abs(whole.standardDeviation[i] - std) < 1e-9)
    }
  }

  @Test func badCheckpointsAndDiscreteEnvironmentsGetTypedErrors() throws {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    #expect(throws: CollectionError.self) {
      _ = try AugmentedRandomSearch(configuration: .paper(for: "CartPole-v1"), spec: try registry.spec("CartPole-v1"), registry: registry)
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("expert-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    #expect(throws: ExpertCheckpointError.unreadable(path: file.path)) { _ = try ExpertCheckpoint.read(file.path) }
    let search = try Self.search()
    var checkpoint = ExpertCheckpoint(environment: "Pendulum-v1", configuration: search.configuration, state: try search.initialState(), lastEvaluation: nil)
    checkpoint.state.policy.weights.removeLast()
    try JSONEncoder().encode(checkpoint).write(to: file)
    do {
      _ = try ExpertCheckpoint.read(file.path)
      Issue.record("an inconsistent policy was read")
    } catch {
      #expect(error.description.contains(file.path) && error.description.contains("shapes"))
    }
    try Data("{\"format\": \"other\"}".utf8).write(to: file)
    #expect(throws: ExpertCheckpointError.self) { _ = try ExpertCheckpoint.read(file.path) }
  }
}
