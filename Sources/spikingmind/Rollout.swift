import ArgumentParser
import Foundation
import RLCore

/// `spikingmind rollout`: runs a policy for some episodes and reports returns and lengths.
struct Rollout: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a policy in an environment and report episode returns and lengths.")

  @Option(help: "Environment id, e.g. CartPole or CartPole-v1.")
  var env: String

  @Option(help: "The policy: random, expert (the environment's registered expert) or reference (Gymnasium's own heuristic with its constants: LunarLander, BipedalWalker).")
  var policy: PolicyKind = .random

  @Option(help: "Number of episodes.")
  var episodes: Int = 10

  @Option(help: "Seed: the first reset uses it, later resets continue the generator; the action space is seeded with it.")
  var seed: UInt64 = 0

  @Flag(help: "Reset episode i with seed + i (like a fresh environment per seed) instead of seeding once.")
  var seedEachEpisode = false

  @Option(name: .customLong("option"), help: "Constructor option name=value (repeatable), e.g. goal_velocity=0.02.")
  var options: [OptionArgument] = []

  @Option(help: "Override the spec's time limit.")
  var maxEpisodeSteps: Int?

  @Flag(help: "Print JSON instead of text.")
  var json = false

  func validate() throws {
    guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
  }

  func run() throws {
    let report: RolloutReport
    do {
      let registry = try StandardRegistry.make()
      let spec = try registry.spec(env)
      let options = spec.defaultOptions.merging(OptionArgument.options(options)) { _, new in new }
      var environment = try registry.make(spec.id, options: options, maxEpisodeSteps: maxEpisodeSteps)
      let actor = try policy.make(spec: spec, options: options, actionSpace: environment.actionSpace, seed: seed)
      report = try Self.roll(
        &environment, id: spec.id, policy: actor, kind: policy, episodes: episodes, seed: seed, seedEachEpisode: seedEachEpisode)
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
    if json {
      print(try JSONOutput.encode(report))
      return
    }
    for (index, episode) in report.episodes.enumerated() {
      print("episode \(index + 1): return \(episode.totalReward) length \(episode.length)")
    }
    print(
      "\(report.env) \(report.policy) policy, \(report.episodes.count) episodes: mean return "
        + String(format: "%.3f ± %.3f", report.meanReturn, report.stdReturn)
        + String(format: ", mean length %.1f", report.meanLength))
  }

  /// Runs `episodes` episodes: `reset(seed:)` once, then unseeded resets (Gymnasium's convention),
  /// or `reset(seed: seed + i)` for every episode with `seedEachEpisode`; the report names `id` (the spec the user
  /// asked for: LunarLanderContinuous-v3 is LunarLander with an option).
  static func roll(
    _ environment: inout any Environment, id: String, policy: any Policy, kind: PolicyKind, episodes: Int, seed: UInt64,
    seedEachEpisode: Bool
  ) throws(EnvironmentError) -> RolloutReport {
    var policy = policy
    var records: [EpisodeSummary] = []
    for episode in 0..<episodes {
      let episodeSeed: UInt64? = seedEachEpisode ? seed &+ UInt64(episode) : (episode == 0 ? seed : nil)
      policy.reset(seed: episodeSeed)
      var observation = try environment.reset(seed: episodeSeed).observation
      var total = 0.0
      var length = 0
      var lastReward = 0.0
      while true {
        let step = try environment.step(policy.action(for: observation, state: environment.state))
        observation = step.observation
        total += step.reward
        lastReward = step.reward
        length += 1
        if step.isDone { break }
      }
      records.append(EpisodeSummary(totalReward: total, length: length, lastReward: lastReward))
    }
    return RolloutReport(env: id, policy: kind.rawValue, seed: seed, episodes: records)
  }
}

/// The policies `rollout` can run.
enum PolicyKind: String, ExpressibleByArgument, CaseIterable {
  case random
  case expert
  /// Gymnasium's own heuristic with Gymnasium's constants (LunarLander, BipedalWalker).
  case reference

  /// The policy: a random one seeded with `seed`, the spec's registered expert, or Gymnasium's reference heuristic.
  /// - Throws: `CommandError` when the spec has no expert, or the expert factory's error.
  func make(spec: EnvironmentSpec, options: Options, actionSpace: Space, seed: UInt64) throws -> any Policy {
    switch self {
    case .random: return RandomPolicy(space: actionSpace, seed: seed)
    case .expert:
      guard let expert = spec.expert else { throw CommandError(message: "\(spec.id) registers no expert policy") }
      return try expert.makePolicy(options)
    case .reference:
      guard let reference = spec.expert?.makeReference else {
        throw CommandError(message: "\(spec.id) has no Gymnasium reference heuristic (LunarLander and BipedalWalker do); use --policy expert")
      }
      return try reference(options)
    }
  }
}

/// One episode's outcome.
struct EpisodeSummary: Codable {
  let totalReward: Double
  let length: Int
  /// The reward of the final step (Box2D tasks: +100 landed, −100 crashed).
  let lastReward: Double
}

/// The result of `spikingmind rollout`.
struct RolloutReport: Codable {
  let env: String
  let policy: String
  let seed: UInt64
  let episodes: [EpisodeSummary]

  var meanReturn: Double { episodes.map(\.totalReward).reduce(0, +) / Double(episodes.count) }
  var stdReturn: Double {
    let mean = meanReturn
    return (episodes.map { ($0.totalReward - mean) * ($0.totalReward - mean) }.reduce(0, +)
      / Double(episodes.count)).squareRoot()
  }
  var meanLength: Double { Double(episodes.map(\.length).reduce(0, +)) / Double(episodes.count) }

  enum CodingKeys: String, CodingKey { case env, policy, seed, episodes, meanReturn, stdReturn, meanLength }

  init(env: String, policy: String, seed: UInt64, episodes: [EpisodeSummary]) {
    self.env = env
    self.policy = policy
    self.seed = seed
    self.episodes = episodes
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    env = try container.decode(String.self, forKey: .env)
    policy = try container.decode(String.self, forKey: .policy)
    seed = try container.decode(UInt64.self, forKey: .seed)
    episodes = try container.decode([EpisodeSummary].self, forKey: .episodes)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(env, forKey: .env)
    try container.encode(policy, forKey: .policy)
    try container.encode(seed, forKey: .seed)
    try container.encode(episodes, forKey: .episodes)
    try container.encode(meanReturn, forKey: .meanReturn)
    try container.encode(stdReturn, forKey: .stdReturn)
    try container.encode(meanLength, forKey: .meanLength)
  }
}
