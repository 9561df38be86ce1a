import ClassicControl
import RLCore
import Testing

@Suite struct VectorTests {
  static func actions(_ space: Space, copies: Int, steps: Int) -> [[Action]] {
    var space = space
    space.seed(3)
    return (0..<steps).map { _ in (0..<copies).map { _ in space.sample() } }
  }

  @Test(arguments: ["CartPole-v1", "Pendulum-v1", "Acrobot-v1"], [1, 2])
  func specVectorMatchesMadeCopiesStepForStep(id: String, threads: Int) throws {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    let spec = try registry.spec(id)
    var fromSpec = try VectorEnvironment(spec: spec, count: 5, threads: threads, maxEpisodeSteps: 15)
    var fromMake = try VectorEnvironment(count: 5) { () throws(RegistryError) in
      try registry.make(id, maxEpisodeSteps: 15)
    }
    #expect(try fromSpec.reset(seed: 11) == fromMake.reset(seed: 11))
    var reused = VectorStep(count: 5, observationCount: fromSpec.observationCount)
    var truncations = 0
    for batch in Self.actions(fromMake.copies[0].actionSpace, copies: 5, steps: 130) {
      let expected = try fromMake.step(batch)
      try fromSpec.step(batch, into: &reused)
      #expect(reused == expected)
      truncations += expected.truncations.filter { $0 }.count
    }
    #expect(truncations > 0)
  }

  @Test func vectorRefusesStepBeforeReset() throws {
    let spec = try EnvironmentRegistry(ClassicControl.specs).spec("CartPole")
    var vector = try VectorEnvironment(spec: spec, count: 3, threads: 2)
    #expect(throws: EnvironmentError.resetNeeded(environment: "CartPole-v1")) {
      try vector.step([.discrete(0), .discrete(1), .discrete(0)])
    }
  }

  @Test func workerThreadsSurviveManyShortCallsAndIdlePeriods() async throws {
    let spec = try EnvironmentRegistry(ClassicControl.specs).spec("MountainCar")
    var serial = try VectorEnvironment(spec: spec, count: 64, threads: 1)
    var threaded = try VectorEnvironment(spec: spec, count: 64, threads: 2)
    #expect(try serial.reset(seed: 0) == threaded.reset(seed: 0))
    let batches = Self.actions(.discrete(Discrete(3)), copies: 64, steps: 50)
    for round in 0..<3 {
      for batch in batches { #expect(try serial.step(batch) == threaded.step(batch)) }
      // Long enough for the workers to park on their semaphores, then wake them again.
      if round < 2 { try await Task.sleep(for: .milliseconds(300)) }
    }
  }

  @Test func poolsCanBeCreatedAndDestroyedRepeatedly() throws {
    // Regression: workers once outlived their pool and read freed memory.
    let spec = try EnvironmentRegistry(ClassicControl.specs).spec("CartPole")
    for round in 0..<200 {
      var vector = try VectorEnvironment(spec: spec, count: 4, threads: 2)
      _ = try vector.reset(seed: UInt64(round))
      let step = try vector.step(Array(repeating: .discrete(round % 2), count: 4))
      #expect(step.observations.count == 16)
    }
  }
}
