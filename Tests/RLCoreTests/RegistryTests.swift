import RLCore
import Testing

/// A tiny deterministic environment for registry and wrapper tests: counts steps, ends at `length`.
struct CountingEnvironment: Environment {
  var name: String { "Counter-v\(version)" }
  let version: Int
  let length: Int
  let observationSpace = Box(low: -1000, high: 1000, shape: [1])
  let actionSpace = Space.discrete(Discrete(2))
  private(set) var generator: NumPyGenerator?
  private var count = 0
  private var hasReset = false

  init(version: Int = 0, length: Int = 3) {
    self.version = version
    self.length = length
  }

  mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    if let seed { generator = NumPyGenerator(seed: seed) }
    var rng = generator ?? NumPyGenerator(seed: 0)
    count = Int(rng.integers(0, 10))
    generator = rng
    hasReset = true
    return Reset(observation: [Float(count)])
  }

  mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    let push = try actionSpace.discreteValue(of: action, environment: name)
    guard hasReset else { throw .resetNeeded(environment: name) }
    count += push + 1
    return Step(observation: [Float(count)], reward: Double(push), terminated: count >= length + 10)
  }
}

func counterSpec(version: Int, length: Int = 3, maxSteps: Int? = 5) -> EnvironmentSpec {
  EnvironmentSpec(id: "Counter-v\(version)", maxEpisodeSteps: maxSteps, rewardThreshold: nil) {
    options throws(EnvironmentError) in
    _ = try OptionReader(options, environment: "Counter-v\(version)", known: ["length"])
    return CountingEnvironment(version: version, length: length)
  }
}

@Suite struct RegistryTests {
  @Test func unversionedIDResolvesToTheLatestVersion() throws {
    let registry = try EnvironmentRegistry([counterSpec(version: 0), counterSpec(version: 2), counterSpec(version: 1)])
    #expect(try registry.spec("Counter").id == "Counter-v2")
    #expect(try registry.spec("Counter-v1").id == "Counter-v1")
  }

  @Test func unknownIDListsKnownIDsAndSuggestions() throws {
    let registry = try EnvironmentRegistry([counterSpec(version: 0)])
    #expect(throws: RegistryError.unknownEnvironment("Countr-v0", suggestions: ["Counter-v0"], available: ["Counter-v0"])) {
      try registry.spec("Countr-v0")
    }
    #expect(throws: RegistryError.unknownEnvironment("Counter-v9", suggestions: ["Counter-v0"], available: ["Counter-v0"])) {
      try registry.spec("Counter-v9")
    }
  }

  @Test func duplicateAndMalformedIDsAreRejected() {
    #expect(throws: RegistryError.duplicateID("Counter-v0")) {
      try EnvironmentRegistry([counterSpec(version: 0), counterSpec(version: 0)])
    }
    let unversioned = EnvironmentSpec(id: "Counter", maxEpisodeSteps: nil, rewardThreshold: nil) { _ throws(EnvironmentError) in
      CountingEnvironment()
    }
    #expect(throws: RegistryError.malformedID("Counter")) { try EnvironmentRegistry([unversioned]) }
    #expect(throws: RegistryError.self) { try EnvironmentRegistry([]).spec("bad id!") }
  }

  @Test func environmentIDParsing() {
    #expect(EnvironmentID("team/Maze-v12")?.namespace == "team")
    #expect(EnvironmentID("team/Maze-v12")?.version == 12)
    #expect(EnvironmentID("CartPole")?.version == nil)
    #expect(EnvironmentID("Cart Pole-v1") == nil)
    #expect(EnvironmentID("") == nil)
  }

  @Test func makeAppliesOrderEnforcingAndTheSpecTimeLimit() throws {
    let registry = try EnvironmentRegistry([counterSpec(version: 0, length: 100, maxSteps: 2)])
    var environment = try registry.make("Counter")
    #expect(throws: EnvironmentError.resetNeeded(environment: "Counter-v0")) { try environment.step(.discrete(0)) }
    _ = try environment.reset(seed: 0)
    #expect(try environment.step(.discrete(0)).truncated == false)
    #expect(try environment.step(.discrete(0)).truncated == true)
    var longer = try registry.make("Counter-v0", maxEpisodeSteps: 3)
    _ = try longer.reset(seed: 0)
    #expect(try (0..<3).map { _ in try longer.step(.discrete(0)).truncated } == [false, false, true])
  }

  @Test func makeRejectsBadOptionsAndTimeLimits() throws {
    let registry = try EnvironmentRegistry([counterSpec(version: 0)])
    #expect(throws: RegistryError.environment(.unknownOption(environment: "Counter-v0", name: "gravity", known: ["length"]))) {
      try registry.make("Counter-v0", options: ["gravity": .double(1)])
    }
    #expect(throws: RegistryError.invalidTimeLimit(id: "Counter-v0", value: 0)) {
      try registry.make("Counter-v0", maxEpisodeSteps: 0)
    }
  }
}
