import ClassicControl
import Conformance
import Foundation
import RLCore
import Testing

/// The Gymnasium 1.4.0 reference traces (copied from `../shared/conformance/traces`), replayed in Swift.
@Suite struct TraceReplayTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  static let traceFiles = [
    "CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1",
  ]

  static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

  static func replayer(seeded: Bool) throws -> TraceReplayer {
    TraceReplayer(registry: try EnvironmentRegistry(ClassicControl.specs), seeded: seeded)
  }

  @Test(arguments: traceFiles, [false, true])
  func everyTraceReplaysBitForBit(file: String, seeded: Bool) throws {
    let path = Self.path("\(file).jsonl")
    let traces = try TraceFile.read(path).filter { $0.type == "trace" }
    #expect(traces.count >= 10)
    let replayer = try Self.replayer(seeded: seeded)
    var seededCount = 0
    for line in traces {
      let record = try TraceRecord(json: line.value, path: path, line: line.number)
      let candidate = try replayer.replay(record)
      if candidate["init"] != nil { seededCount += 1 }
      let problems = TraceComparator.problems(reference: line.value, candidate: candidate, compareState: true)
      #expect(problems.isEmpty, "\(record.traceID): \(problems)")
    }
    #expect((seededCount > 0) == seeded)
  }

  @Test func seededResetsMatchGymnasium() throws {
    let path = Self.path("resets.jsonl")
    let records = try TraceFile.read(path).filter { $0.type == "reset" }
    #expect(records.count == 90)
    let replayer = try Self.replayer(seeded: true)
    for line in records {
      let candidate = try replayer.replayReset(line.value, path: path, line: line.number)
      let problems = TraceComparator.resetProblems(reference: line.value, candidate: candidate)
      #expect(problems.isEmpty, "\(line.value["trace_id"]?.stringValue ?? "?"): \(problems)")
    }
  }

  @Test func comparatorDetectsAOneUlpChange() throws {
    let path = Self.path("Pendulum-v1.jsonl")
    let line = try #require(try TraceFile.read(path).first { $0.type == "trace" })
    let candidate = try Self.replayer(seeded: false).replay(TraceRecord(json: line.value, path: path, line: line.number))
    #expect(TraceComparator.problems(reference: line.value, candidate: candidate, compareState: true).isEmpty)
    func perturbed(_ key: String) -> JSONValue {
      guard case .object(var members) = candidate, let index = members.firstIndex(where: { $0.0 == "steps" }),
        case .array(var steps) = members[index].1, case .object(var first) = steps[0],
        let field = first.firstIndex(where: { $0.0 == key })
      else { return candidate }
      switch first[field].1 {
      case .number(let value): first[field].1 = .number(value.nextUp)
      case .array(let values): first[field].1 = .array([.number(Double(Float(values[0].doubleValue ?? 0).nextUp))] + values.dropFirst())
      default: break
      }
      steps[0] = .object(first)
      members[index].1 = .array(steps)
      return .object(members)
    }
    for key in ["reward", "obs", "state"] {
      #expect(!TraceComparator.problems(reference: line.value, candidate: perturbed(key), compareState: true).isEmpty, "\(key)")
    }
  }

  @Test func pcg64MatchesNumPyRawOutputs() throws {
    let records = try TraceFile.read(Self.path("rng_pcg64.jsonl")).filter { $0.type == "rng" }
    #expect(records.count >= 5)
    for line in records {
      let seed = try #require(line.value["seed"]?.unsignedValue)
      let words = line.value["seedsequence_generate_state_4xuint64"]?.arrayValue?.compactMap(\.unsignedValue) ?? []
      #expect(!words.isEmpty)
      #expect(SeedSequence(seed).generateState64(count: 4) == words)
      var bits = PCG64(seedSequence: SeedSequence(seed))
      let raw = line.value["pcg64_random_raw"]?.arrayValue?.compactMap(\.unsignedValue) ?? []
      #expect(!raw.isEmpty)
      #expect(raw.map { _ in bits.nextUInt64() } == raw)
      var generator = NumPyGenerator(seed: seed)
      let randoms = line.value["generator_random"]?.arrayValue?.compactMap(\.doubleValue) ?? []
      #expect(!randoms.isEmpty)
      #expect(randoms.map { _ in generator.random() } == randoms)
      generator = NumPyGenerator(seed: seed)
      let integers = line.value["generator_integers_0_3"]?.arrayValue?.compactMap(\.intValue) ?? []
      #expect(!integers.isEmpty)
      #expect(integers.map { _ in Int(generator.integers(0, 3)) } == integers)
      generator = NumPyGenerator(seed: seed)
      let uniforms = line.value["generator_uniform_m0.05_0.05_x4"]?.arrayValue?.compactMap(\.doubleValue) ?? []
      #expect(!uniforms.isEmpty)
      #expect(uniforms.map { _ in generator.uniform(-0.05, 0.05) } == uniforms)
    }
  }
}
