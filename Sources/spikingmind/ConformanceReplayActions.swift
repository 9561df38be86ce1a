import ArgumentParser
import Conformance
import Foundation
import RLCore

/// `spikingmind conformance replay-actions`: the observations an environment gives for given seeds and actions,
/// to compare any environment with another implementation (Gymnasium) step by step.
struct ConformanceReplayActions: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay-actions",
    abstract: "Replay seeded action lists: write each with the observations after reset(seed:) and after every action.",
    discussion: """
      --in holds a JSON list of objects {"seed": int, "actions": [...]} (discrete actions as integers, continuous \
      ones as lists of numbers); --out gets the same list (other fields kept) with "obs" (the observation after \
      reset and after each action), "rewards", "terminated" and "truncated", stopping at the episode's end. \
      Observations are the environment's Float32 values, written exactly (as Float64 decimals).
      """)

  @Option(help: "The environment id (the registry's, e.g. Hopper-v4).")
  var env: String

  @Option(name: .customLong("in"), help: "The JSON list of {seed, actions}.")
  var input: String

  @Option(name: .customLong("out"), help: "The JSON file to write (atomically).")
  var output: String

  func run() throws {
    try OutputPath.check(output)
    let registry = try StandardRegistry.make()
    let spec: EnvironmentSpec
    do { spec = try registry.spec(env) } catch { throw CommandError(error) }
    guard let data = FileManager.default.contents(atPath: input) else { throw CommandError(message: "cannot read \(input)") }
    let parsed: JSONValue
    do { parsed = try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch {
      throw CommandError(message: "\(input): \(error)")
    }
    guard let episodes = parsed.arrayValue else { throw CommandError(message: "\(input) is not a JSON list of objects") }
    var written: [JSONValue] = []
    for (index, episode) in episodes.enumerated() {
      written.append(try Self.replay(episode, index: index, spec: spec, registry: registry, file: input))
    }
    try OutputPath.write(Data(JSONWriter.serialize(.array(written)).utf8), to: output)
    print("replayed \(written.count) episodes of \(spec.id) from \(input) into \(output)")
  }

  /// One episode: reset with its seed, then its actions until termination or truncation; the object with `obs`,
  /// `rewards`, `terminated` and `truncated` added (replacing fields of those names).
  static func replay(
    _ episode: JSONValue, index: Int, spec: EnvironmentSpec, registry: EnvironmentRegistry, file: String
  ) throws -> JSONValue {
    guard case .object(let fields) = episode else { throw CommandError(message: "\(file): episode \(index) is not an object") }
    guard let seed = episode["seed"]?.unsignedValue else {
      throw CommandError(message: "\(file): episode \(index) has no non-negative integer \"seed\"")
    }
    guard let rawActions = episode["actions"]?.arrayValue else {
      throw CommandError(message: "\(file): episode \(index) has no \"actions\" list")
    }
    var environment: any Environment
    do { environment = try registry.make(spec.id) } catch { throw CommandError(error) }
    var observations: [JSONValue] = []
    var rewards: [JSONValue] = []
    var (terminated, truncated) = (false, false)
    func row(_ observation: [Float]) -> JSONValue { .array(observation.map { .number(Double($0)) }) }
    do {
      observations.append(row(try environment.reset(seed: seed).observation))
      for (step, raw) in rawActions.enumerated() where !terminated && !truncated {
        let outcome = try environment.step(try Self.action(raw, space: environment.actionSpace, episode: index, step: step, file: file))
        observations.append(row(outcome.observation))
        rewards.append(.number(outcome.reward))
        (terminated, truncated) = (outcome.terminated, outcome.truncated)
      }
    } catch let error as EnvironmentError {
      throw CommandError(message: "\(file): episode \(index): \(error)")
    }
    let added: [(String, JSONValue)] = [
      ("obs", .array(observations)), ("rewards", .array(rewards)), ("terminated", .bool(terminated)), ("truncated", .bool(truncated)),
    ]
    let names = Set(added.map(\.0))
    return .object(fields.filter { !names.contains($0.0) } + added)
  }

  /// An action of the JSON file for `space`.
  static func action(_ raw: JSONValue, space: Space, episode: Int, step: Int, file: String) throws -> Action {
    switch space {
    case .discrete:
      guard let value = raw.intValue else {
        throw CommandError(message: "\(file): episode \(episode) action \(step) is not an integer (a discrete action)")
      }
      return .discrete(value)
    case .box:
      guard let values = raw.arrayValue?.compactMap(\.doubleValue), values.count == raw.arrayValue?.count else {
        throw CommandError(message: "\(file): episode \(episode) action \(step) is not a list of numbers (a continuous action)")
      }
      return .continuous(values.map(Float.init))
    }
  }
}
