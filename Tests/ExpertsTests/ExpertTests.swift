import Box2DEnvironments
import ClassicControl
import Experts
import Foundation
import RLCore
import Testing
import Trajectories

@Suite struct ExpertTests {
  static var registry: EnvironmentRegistry {
    get throws { try EnvironmentRegistry(ClassicControl.specs + Box2DEnvironments.specs) }
  }

  static func meanReturn(_ id: String, quality: QualityTier, episodes: Int) throws -> Double {
    let collector = ExpertCollector(spec: try registry.spec(id), quality: quality, seed: 0)
    let collected = try collector.collect(episodes: episodes, workers: 2)
    return collected.map(\.totalReward).reduce(0, +) / Double(episodes)
  }

  // The targets (mean over 100 episodes, in the closing note); here fewer episodes.
  @Test(arguments: [
    ("CartPole-v1", 500.0, 10), ("MountainCar-v0", -110.0, 20), ("MountainCarContinuous-v0", 90.0, 10),
    ("Acrobot-v1", -63.0, 8), ("Pendulum-v1", -145.0, 30),
    // Box2D: at least Gymnasium's heuristic means over seeds 0-19 (box2d_heuristics.json).
    ("LunarLander-v3", 263.9, 20), ("LunarLanderContinuous-v3", 263.9, 20), ("BipedalWalker-v3", 120.9, 6),
  ])
  func expertsReachTheirTargets(id: String, target: Double, episodes: Int) throws {
    let mean = try Self.meanReturn(id, quality: .expert, episodes: episodes)
    #expect(mean >= target, "\(id): \(mean)")
  }

  @Test(arguments: ["CartPole-v1", "MountainCar-v0", "Pendulum-v1"])
  func mediumLiesBetweenRandomAndExpert(id: String) throws {
    let expert = try #require(try Self.registry.spec(id).expert)
    let medium = try Self.meanReturn(id, quality: .medium, episodes: 30)
    let score = expert.normalizedScore(medium)
    #expect(score > 20 && score < 80, "\(id): medium \(medium), normalised \(score)")
  }

  @Test func referenceReturnsMatchMeasurement() throws {
    let spec = try Self.registry.spec("CartPole-v1")
    let expert = try #require(spec.expert)
    let random = try Self.meanReturn("CartPole-v1", quality: .random, episodes: 100)
    #expect(abs(random - expert.randomReturn) < 0.01)
  }

  @Test func filesAreByteIdenticalForAnyWorkerCount() throws {
    let spec = try Self.registry.spec("CartPole-v1")
    var files: [Data] = []
    for workers in [1, 2, 3] {
      let collector = ExpertCollector(spec: spec, quality: .mixed, seed: 42)
      let episodes = try collector.collect(episodes: 9, workers: workers)
      let dataset = collector.dataset(of: episodes, environment: try Self.registry.make("CartPole-v1"))
      let url = FileManager.default.temporaryDirectory.appendingPathComponent("workers-\(workers)-\(UUID()).npz")
      defer { try? FileManager.default.removeItem(at: url) }
      try DatasetFile.write(dataset, to: url.path)
      files.append(try Data(contentsOf: url))
    }
    #expect(files[0] == files[1] && files[1] == files[2])
  }

  @Test func mixedTierCyclesAndSeedsDiffer() throws {
    #expect((0..<6).map { QualityTier.mixed.tier(forEpisode: $0) } == [.expert, .medium, .random, .expert, .medium, .random])
    let seeds = (0..<1000).map { ExpertCollector.episodeSeed(base: 7, index: $0) }
    #expect(Set(seeds).count == 1000)
    #expect(ExpertCollector.episodeSeed(base: 7, index: 3) != ExpertCollector.episodeSeed(base: 8, index: 3))
  }

  @Test func randomTierNeedsNoExpertButOtherTiersDo() throws {
    let bare = EnvironmentSpec(id: "Bare-v0", maxEpisodeSteps: 5, rewardThreshold: nil) { _ throws(EnvironmentError) in
      CartPole()
    }
    #expect(try ExpertCollector(spec: bare, quality: .random, seed: 0).collect(episodes: 2, workers: 1).count == 2)
    #expect(throws: CollectionError.noExpert(environment: "Bare-v0")) {
      try ExpertCollector(spec: bare, quality: .expert, seed: 0).collect(episodes: 1, workers: 1)
    }
  }
}
