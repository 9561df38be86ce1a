import RLCore
import Testing

@Suite struct WrapperTests {
  @Test func timeLimitTruncatesAtTheBudgetAndKeepsReportingIt() throws {
    var environment = TimeLimit(CountingEnvironment(length: 100), maxEpisodeSteps: 2)
    _ = try environment.reset(seed: 0)
    let flags = try (0..<4).map { _ in try environment.step(.discrete(0)).truncated }
    #expect(flags == [false, true, true, true])
    _ = try environment.reset(seed: nil)
    #expect(environment.elapsedSteps == 0)
  }

  @Test func timeLimitTieReportsBothFlags() throws {
    // Counter starts at integers(0, 10) for seed 0 and terminates at count >= 13.
    var probe = CountingEnvironment(length: 3)
    let start = Int(try probe.reset(seed: 0).observation[0])
    let stepsToTerminate = 13 - start
    var environment = TimeLimit(CountingEnvironment(length: 3), maxEpisodeSteps: stepsToTerminate)
    _ = try environment.reset(seed: 0)
    var last = try environment.step(.discrete(0))
    for _ in 1..<stepsToTerminate { last = try environment.step(.discrete(0)) }
    #expect(last.terminated && last.truncated)
  }

  @Test func orderEnforcingRefusesStepBeforeResetAndAfterClose() throws {
    var environment = OrderEnforcing(CountingEnvironment())
    #expect(throws: EnvironmentError.resetNeeded(environment: "Counter-v0")) { try environment.step(.discrete(1)) }
    _ = try environment.reset(seed: 1)
    _ = try environment.step(.discrete(1))
    environment.close()
    environment.close()
    #expect(throws: EnvironmentError.closed(environment: "Counter-v0")) { try environment.step(.discrete(1)) }
    #expect(throws: EnvironmentError.closed(environment: "Counter-v0")) { try environment.reset(seed: nil) }
  }

  @Test func episodeStatisticsRecordsReturnAndLength() throws {
    var environment = EpisodeStatistics(TimeLimit(CountingEnvironment(length: 100), maxEpisodeSteps: 3))
    _ = try environment.reset(seed: 0)
    #expect(try environment.step(.discrete(1)).info.episode == nil)
    _ = try environment.step(.discrete(0))
    let last = try environment.step(.discrete(1))
    #expect(last.info.episode?.totalReward == 2)
    #expect(last.info.episode?.length == 3)
    #expect(environment.returns == [2] && environment.lengths == [3])
  }

  @Test func normalizeObservationFollowsGymnasiumsRunningStatistics() throws {
    var environment = NormalizeObservation(CountingEnvironment(length: 100))
    let x0 = try CountingEnvironment().resetObservation(seed: 4)
    let first = try environment.reset(seed: 4).observation[0]
    // count 1e-4 -> total 1.0001: mean = x/1.0001, var = (1e-4 + x²·1e-4/1.0001)/1.0001 (Float32).
    let total = Float(1.0001)
    let mean = 0 + x0 / total
    let variance = (1 * Float(1e-4) + 0 + x0 * x0 * Float(1e-4) / total) / total
    #expect(first == (x0 - mean) / (variance + Float(1e-8)).squareRoot())
    #expect(environment.mean == [mean])
    environment.updatesStatistics = false
    let frozen = environment.mean
    _ = try environment.step(.discrete(1))
    #expect(environment.mean == frozen)
    #expect(!environment.observationSpace.isBounded)
  }

  @Test func clipActionClipsIntoTheInnerBox() throws {
    var environment = ClipAction(RecordingBoxEnvironment())
    _ = try environment.reset(seed: 0)
    #expect(try environment.step(.continuous([5, -7])).observation == [1, -0.5])
    #expect(throws: EnvironmentError.self) { try environment.step(.continuous([1])) }
    guard case .box(let box) = environment.actionSpace else { Issue.record("expected a box"); return }
    #expect(box.low == [-.infinity, -.infinity])
  }
}

/// Echoes its (validated) continuous action as the observation.
struct RecordingBoxEnvironment: Environment {
  let name = "Echo-v0"
  let observationSpace = Box(low: -10, high: 10, shape: [2])
  let actionSpace = Space.box(Box(low: [-1, -0.5], high: [1, 0.5]))
  var generator: NumPyGenerator? { nil }

  mutating func reset(seed: UInt64?, options: Options) throws(EnvironmentError) -> Reset {
    Reset(observation: [0, 0])
  }

  mutating func step(_ action: Action) throws(EnvironmentError) -> Step {
    let values = try actionSpace.continuousValues(of: action, environment: name)
    return Step(observation: values, reward: 0, terminated: false)
  }
}

extension CountingEnvironment {
  func resetObservation(seed: UInt64) throws -> Float {
    var copy = self
    return try copy.reset(seed: seed).observation[0]
  }
}
