public import RLCore

/// Replays gymtrace/1 reference records through this toolkit's environments.
///
/// Trace semantics (conformance/README.md, "Replay semantics"): build the environment with the
/// trace's options and time limit, set `init.state` exactly — or, in seeded mode and for
/// `seeded_reset` traces, call `reset(seed: reset_seed)` and record `init.obs` — then apply the
/// actions until `terminated || truncated` or the actions run out.
public struct TraceReplayer: Sendable {
  /// The registry environments are made from.
  public let registry: EnvironmentRegistry
  /// Whether `seeded_reset` traces start from `reset(seed:)` instead of the explicit state.
  public let seeded: Bool

  /// Creates a replayer.
  /// - Parameters:
  ///   - registry: the environments.
  ///   - seeded: start `seeded_reset` traces from a seeded reset.
  public init(registry: EnvironmentRegistry, seeded: Bool) {
    self.registry = registry
    self.seeded = seeded
  }

  /// Replays one trace.
  /// - Parameter trace: the reference record.
  /// - Returns: the candidate record (`trace_id`, optional `init.obs`, `steps`).
  /// - Throws: `TraceError.replayFailed` naming the trace.
  public func replay(_ trace: TraceRecord) throws(TraceError) -> JSONValue {
    do {
      var environment = try registry.make(
        trace.environmentID, options: trace.options, maxEpisodeSteps: trace.maxEpisodeSteps)
      var record: [(String, JSONValue)] = [
        ("type", .string("trace")), ("format", .string("gymtrace/1")),
        ("trace_id", .string(trace.traceID)), ("env_id", .string(trace.environmentID)),
      ]
      if seeded, trace.initKind == "seeded_reset", let seed = trace.resetSeed {
        let reset = try environment.reset(seed: seed, options: [:])
        record.append(("init", .object([("obs", Self.encode(reset.observation))])))
      } else {
        try environment.setState(trace.initState)
      }
      var steps: [JSONValue] = []
      for (index, action) in trace.actions.enumerated() {
        let step = try environment.step(action)
        steps.append(Self.encode(step: step, t: index + 1, action: action, state: environment.state))
        if step.isDone { break }
      }
      record.append(("steps", .array(steps)))
      return .object(record)
    } catch let error as RegistryError {
      throw .replayFailed(traceID: trace.traceID, reason: error.description)
    } catch let error as EnvironmentError {
      throw .replayFailed(traceID: trace.traceID, reason: error.description)
    } catch {
      throw .replayFailed(traceID: trace.traceID, reason: "\(error)")
    }
  }

  /// Replays one seeded-reset record: `reset(seed:options:)`, then an unseeded `reset()`.
  /// - Parameters:
  ///   - record: the reference `reset` record.
  ///   - path: the file, for errors.
  ///   - line: the line, for errors.
  /// - Returns: the candidate record.
  /// - Throws: `TraceError` for a malformed record or a rejected reset.
  public func replayReset(_ record: JSONValue, path: String, line: Int) throws(TraceError) -> JSONValue {
    guard let traceID = record["trace_id"]?.stringValue, let environmentID = record["env_id"]?.stringValue,
      let seedValue = record["seed"]?.intValue, seedValue >= 0
    else {
      throw .invalidRecord(path: path, line: line, reason: "a reset record needs \"trace_id\", \"env_id\" and a non-negative \"seed\"")
    }
    let options = try TraceRecord.decodeOptions(record["options"]) { reason in
      .invalidRecord(path: path, line: line, reason: reason)
    }
    do {
      var environment = try registry.make(environmentID)
      let first = try environment.reset(seed: UInt64(seedValue), options: options)
      let next = try environment.reset(seed: nil, options: [:])
      return .object([
        ("type", .string("reset")), ("format", .string("gymtrace/1")), ("trace_id", .string(traceID)),
        ("env_id", .string(environmentID)), ("seed", .integer(seedValue)),
        ("options", record["options"] ?? .null), ("obs", Self.encode(first.observation)),
        ("next_unseeded_reset_obs", Self.encode(next.observation)),
      ])
    } catch let error as RegistryError {
      throw .replayFailed(traceID: traceID, reason: error.description)
    } catch let error as EnvironmentError {
      throw .replayFailed(traceID: traceID, reason: error.description)
    } catch {
      throw .replayFailed(traceID: traceID, reason: "\(error)")
    }
  }

  /// Replays every record of `type` in a file and writes the candidate file atomically.
  /// - Parameters:
  ///   - input: the reference file.
  ///   - output: the candidate file to write.
  ///   - type: `trace` or `reset`.
  /// - Returns: how many records were replayed.
  /// - Throws: `TraceError`.
  public func replayFile(input: String, output: String, type: String) throws(TraceError) -> Int {
    let lines = try TraceFile.read(input).filter { $0.type == type }
    guard !lines.isEmpty else { throw .noRecords(path: input, type: type) }
    var records = [TraceFile.metaRecord(content: type == "reset" ? "seeded resets" : "replayed traces")]
    for line in lines {
      if type == "reset" {
        records.append(try replayReset(line.value, path: input, line: line.number))
      } else {
        records.append(try replay(TraceRecord(json: line.value, path: input, line: line.number)))
      }
    }
    try TraceFile.write(records, to: output)
    return lines.count
  }

  static func encode(_ observation: [Float]) -> JSONValue {
    .array(observation.map { .number(Double($0)) })
  }

  static func encode(step: Step, t: Int, action: Action, state: [Double]) -> JSONValue {
    let actionValue: JSONValue =
      switch action {
      case .discrete(let value): .integer(value)
      case .continuous(let values): encode(values)
      }
    return .object([
      ("t", .integer(t)), ("action", actionValue), ("obs", encode(step.observation)),
      ("reward", .number(step.reward)), ("terminated", .bool(step.terminated)),
      ("truncated", .bool(step.truncated)), ("state", .array(state.map { .number($0) })),
    ])
  }
}
