public import RLCore

/// A reference `trace` record of gymtrace/1: what a replay needs.
public struct TraceRecord: Sendable {
  /// The unique key, copied into the candidate.
  public let traceID: String
  /// The environment id.
  public let environmentID: String
  /// Constructor options (`env_kwargs`).
  public let options: Options
  /// The time limit, nil for none.
  public let maxEpisodeSteps: Int?
  /// `seeded_reset` or `explicit`.
  public let initKind: String
  /// The exact initial internal state.
  public let initState: [Double]
  /// The seed of the reset that drew the state.
  public let resetSeed: UInt64?
  /// The actions to apply, in order.
  public let actions: [Action]

  /// Decodes a record.
  /// - Parameters:
  ///   - json: the record object.
  ///   - path: the file, for errors.
  ///   - line: the line, for errors.
  /// - Throws: `TraceError.invalidRecord` naming the missing or ill-typed field.
  public init(json: JSONValue, path: String, line: Int) throws(TraceError) {
    func invalid(_ reason: String) -> TraceError { .invalidRecord(path: path, line: line, reason: reason) }
    guard let traceID = json["trace_id"]?.stringValue else { throw invalid("missing string \"trace_id\"") }
    guard let environmentID = json["env_id"]?.stringValue else { throw invalid("missing string \"env_id\"") }
    self.traceID = traceID
    self.environmentID = environmentID
    options = try Self.decodeOptions(json["env_kwargs"], invalid: invalid)
    switch json["max_episode_steps"] {
    case nil, .null?: maxEpisodeSteps = nil
    case .integer(let steps)? where steps > 0: maxEpisodeSteps = steps
    default: throw invalid("\"max_episode_steps\" must be a positive integer or null")
    }
    guard let initial = json["init"], let kind = initial["kind"]?.stringValue,
      let state = initial["state"]?.arrayValue?.compactMap(\.doubleValue),
      state.count == initial["state"]?.arrayValue?.count
    else { throw invalid("\"init\" needs a \"kind\" and a numeric \"state\"") }
    initKind = kind
    initState = state
    resetSeed = json["reset_seed"]?.intValue.flatMap { $0 >= 0 ? UInt64($0) : nil }
    guard let actions = json["actions"]?.arrayValue else { throw invalid("missing array \"actions\"") }
    var decoded: [Action] = []
    for (index, value) in actions.enumerated() {
      guard let action = Self.decodeAction(value) else {
        throw invalid("actions[\(index)] is neither an integer nor a list of numbers")
      }
      decoded.append(action)
    }
    self.actions = decoded
  }

  /// An integer as a discrete action, a list of numbers as a continuous Float32 action.
  static func decodeAction(_ value: JSONValue) -> Action? {
    if let integer = value.intValue { return .discrete(integer) }
    guard let elements = value.arrayValue else { return nil }
    let numbers = elements.compactMap(\.doubleValue)
    guard numbers.count == elements.count else { return nil }
    return .continuous(numbers.map { Float($0) })
  }

  static func decodeOptions(_ value: JSONValue?, invalid: (String) -> TraceError) throws(TraceError) -> Options {
    guard let value, value != .null else { return [:] }
    guard case .object(let members) = value else { throw invalid("options must be an object") }
    var options: Options = [:]
    for (name, member) in members {
      switch member {
      case .bool(let flag): options[name] = .bool(flag)
      case .integer(let number): options[name] = .int(number)
      case .number(let number): options[name] = .double(number)
      case .string(let text): options[name] = .string(text)
      default: throw invalid("option \"\(name)\" must be a boolean, number or string")
      }
    }
    return options
  }
}
