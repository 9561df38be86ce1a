import RLCore
import Testing

@Suite struct VectorEnvironmentTests {
  private func make(count: Int, threads: Int) throws -> VectorEnvironment {
    let registry = try EnvironmentRegistry([counterSpec(version: 0, length: 100, maxSteps: 3)])
    return try VectorEnvironment(count: count, threads: threads) { () throws(RegistryError) in
      try registry.make("Counter-v0")
    }
  }

  @Test func resetSeedsCopyIWithSeedPlusI() throws {
    var vector = try make(count: 3, threads: 1)
    let observations = try vector.reset(seed: 10)
    let expected = try (0..<3).map { try CountingEnvironment().resetObservation(seed: 10 + UInt64($0)) }
    #expect(observations == expected)
    #expect(vector.autoresetMode == "NEXT_STEP")
  }

  @Test func nextStepAutoresetIgnoresTheActionAndReturnsTheResetObservation() throws {
    var vector = try make(count: 2, threads: 1)
    let start = try vector.reset(seed: 0)
    var results: [VectorStep] = []
    for _ in 0..<4 { results.append(try vector.step([.discrete(1), .discrete(0)])) }
    // Time limit 3: call 3 truncates both copies; call 4 resets them (unseeded) with reward 0.
    #expect(results[2].truncations == [true, true])
    #expect(results[2].observations == [start[0] + 6, start[1] + 3])
    #expect(results[3].rewards == [0, 0])
    #expect(results[3].terminations == [false, false] && results[3].truncations == [false, false])
    var copy0 = CountingEnvironment()
    _ = try copy0.reset(seed: 0)
    let continued = try copy0.reset(seed: nil).observation[0]
    #expect(results[3].observations[0] == continued)
  }

  @Test func threadedResultsAreIdenticalToSingleThreaded() throws {
    var serial = try make(count: 7, threads: 1)
    var threaded = try make(count: 7, threads: 2)
    #expect(try serial.reset(seed: 5) == threaded.reset(seed: 5))
    var actionSpace = Space.discrete(Discrete(2))
    actionSpace.seed(1)
    for _ in 0..<40 {
      let actions = (0..<7).map { _ in actionSpace.sample() }
      #expect(try serial.step(actions) == threaded.step(actions))
    }
  }

  @Test func anInvalidActionThrowsTheCopysError() throws {
    var vector = try make(count: 2, threads: 2)
    _ = try vector.reset(seed: 0)
    #expect(throws: EnvironmentError.actionOutOfRange(environment: "Counter-v0", action: 5, valid: 0...1)) {
      try vector.step([.discrete(0), .discrete(5)])
    }
  }
}
