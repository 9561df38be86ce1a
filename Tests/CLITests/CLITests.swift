import Foundation
import Testing

@Suite(.serialized) struct CLITests {
  @Test func envsListsEveryEnvironment() throws {
    let result = try CLIRunner.run(["envs"])
    #expect(result.status == 0)
    for id in ["CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1", "Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"] {
      #expect(result.stdout.contains(id))
    }
    let json = try CLIRunner.run(["envs", "--json"])
    let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    #expect(rows?.count == 15)
    #expect(result.stdout.contains("LunarLander-v3") && result.stdout.contains("LunarLanderContinuous-v3"))
    #expect(rows?.first?["max_episode_steps"] as? Int == 500)
  }

  @Test func rolloutIsReproducibleAndReportsJSON() throws {
    let arguments = ["rollout", "--env", "CartPole", "--policy", "random", "--episodes", "10", "--seed", "0", "--json"]
    let first = try CLIRunner.run(arguments)
    let second = try CLIRunner.run(arguments)
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
    let report = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
    let episodes = report?["episodes"] as? [[String: Any]]
    #expect(episodes?.count == 10)
    #expect(report?["env"] as? String == "CartPole-v1")
    let lengths = episodes?.compactMap { $0["length"] as? Int } ?? []
    #expect(lengths.allSatisfy { (8...500).contains($0) })
    let text = try CLIRunner.run(["rollout", "--env", "Pendulum-v1", "--episodes", "2", "--option", "g=9.81"])
    #expect(text.status == 0 && text.stdout.contains("mean return"))
  }

  @Test(arguments: [
    (["rollout", "--env", "CartPol"], "unknown environment 'CartPol'"),
    (["rollout", "--env", "CartPole", "--episodes", "0"], "--episodes must be positive"),
    (["rollout", "--env", "CartPole", "--option", "gravity=1"], "unknown option 'gravity'"),
    (["rollout", "--env", "CartPole", "--bogus"], "Unknown option '--bogus'"),
    (["conformance", "replay", "--in", "/no/such.jsonl", "--out", "/tmp/x.jsonl"], "no such file"),
    (["bench", "dt", "--shards", "0"], "--shards must lie in 1...64"),
    (["bench", "dt", "--dims", "walker"], "unknown --dims entry 'walker'"),
  ])
  func errorsAreOneLineWithNonZeroExit(arguments: [String], message: String) throws {
    let result = try CLIRunner.run(arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }

  @Test func malformedTraceFileNamesTheLine() throws {
    let input = CLIRunner.temporaryFile("bad.jsonl")
    try Data("{\"type\":\"meta\"}\n{\"type\":\"trace\",\"trace_id\":\"x\"}\n".utf8).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let result = try CLIRunner.run(["conformance", "replay", "--in", input.path, "--out", "/tmp/never.jsonl"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("\(input.path):2:"), "\(result.stderr)")
    let broken = CLIRunner.temporaryFile("broken.jsonl")
    try Data("{\"type\":\"trace\",\n".utf8).write(to: broken)
    defer { try? FileManager.default.removeItem(at: broken) }
    let second = try CLIRunner.run(["conformance", "resets", "--in", broken.path, "--out", "/tmp/never.jsonl"])
    #expect(second.status != 0 && second.stderr.contains(":1:"), "\(second.stderr)")
  }

  @Test func conformanceReplayWritesACandidateAndKeepsTheOldFileOnError() throws {
    let output = CLIRunner.temporaryFile("cand.jsonl")
    defer { try? FileManager.default.removeItem(at: output) }
    let reference = CLIRunner.traces.appendingPathComponent("MountainCar-v0.jsonl").path
    let result = try CLIRunner.run(["conformance", "replay", "--seeded", "--in", reference, "--out", output.path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 13)
    #expect(lines.dropFirst().allSatisfy { $0.contains("\"trace_id\":\"MountainCar-v0/s0/") })
    let before = try Data(contentsOf: output)
    let failed = try CLIRunner.run(["conformance", "replay", "--in", "/no/such.jsonl", "--out", output.path])
    #expect(failed.status != 0)
    #expect(try Data(contentsOf: output) == before)
  }

  @Test func replayActionsWritesObservationsAndRefusesBadEpisodes() throws {
    let input = CLIRunner.temporaryFile("actions.json"), output = CLIRunner.temporaryFile("replayed.json")
    defer { for url in [input, output] { try? FileManager.default.removeItem(at: url) } }
    try Data(#"[{"seed": 0, "actions": [1, 0, 1], "tag": "a"}, {"seed": 5, "actions": []}]"#.utf8).write(to: input)
    let result = try CLIRunner.run(["conformance", "replay-actions", "--env", "CartPole-v1", "--in", input.path, "--out", output.path])
    #expect(result.status == 0, "\(result.stderr)")
    let episodes = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [[String: Any]])
    #expect(episodes.count == 2 && episodes[0]["tag"] as? String == "a")
    let observations = try #require(episodes[0]["obs"] as? [[Double]])
    #expect(observations.count == 4 && (episodes[1]["obs"] as? [[Double]])?.count == 1)
    // Gymnasium 1.4.0: CartPole-v1 reset(seed=0).
    for (ours, theirs) in zip(observations[0], [0.013696168549358845, -0.023021329194307327, -0.04590264707803726, -0.04834723472595215]) {
      #expect(Float(ours) == Float(theirs))  // the same Float32 (JSONSerialization parses the last digits loosely)
    }
    #expect((episodes[0]["rewards"] as? [Double]) == [1, 1, 1] && episodes[0]["terminated"] as? Bool == false)
    // Written exactly: Python's repr of the Float32 values as Float64.
    #expect(try String(contentsOf: output, encoding: .utf8).contains("[0.013696168549358845,-0.023021329194307327,"))
    let before = try Data(contentsOf: output)
    for bad in [#"[{"seed": 0, "actions": [0.5]}]"#, #"[{"actions": [1]}]"#, #"{"seed": 0}"#, #"[{"seed": 0, "actions": [7]}]"#] {
      try Data(bad.utf8).write(to: input)
      let failed = try CLIRunner.run(["conformance", "replay-actions", "--env", "CartPole-v1", "--in", input.path, "--out", output.path])
      #expect(failed.status != 0 && failed.stderr.split(separator: "\n").count == 1, "\(bad): \(failed.stderr)")
      #expect(try Data(contentsOf: output) == before)
    }
  }

  @Test func trainExpertWritesAResumableCheckpointAndRefusesBadInput() throws {
    let run = CLIRunner.temporaryFile("expert")
    defer { try? FileManager.default.removeItem(at: run) }
    let first = try CLIRunner.run(["train-expert", "--env", "Hopper-v4", "--iterations", "2", "--eval-every", "1", "--eval-episodes", "2",
      "--threads", "1", "--out", run.path, "--json"])
    #expect(first.status == 0, "\(first.stderr)")
    let file = run.appendingPathComponent("expert.json")
    let checkpoint = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    #expect(checkpoint["format"] as? String == "spikingmind-expert/1" && checkpoint["environment"] as? String == "Hopper-v4")
    let resumed = try CLIRunner.run(["train-expert", "--resume", run.path, "--iterations", "3", "--eval-episodes", "2", "--threads", "2", "--json"])
    #expect(resumed.status == 0 && resumed.stdout.contains("\"iterations\":3"), "\(resumed.stdout) \(resumed.stderr)")
    let metrics = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
    #expect(metrics.split(separator: "\n").filter { $0.contains("mean_return") }.count == 3)
    let before = try Data(contentsOf: file)
    for (arguments, message) in [
      (["train-expert", "--env", "CartPole-v1", "--iterations", "1", "--out", CLIRunner.temporaryFile("x").path], "discrete actions"),
      (["train-expert", "--env", "Hopper-v4", "--out", run.path], "already holds an expert"),
      (["train-expert", "--resume", run.path, "--env", "Walker2d-v4"], "not Walker2d-v4"),
      (["train-expert", "--env", "Hopper-v4", "--top", "9", "--directions", "8"], "--top"),
      (["train-expert", "--algorithm", "ppo", "--env", "Hopper-v4"], "--algorithm"),
    ] {
      let failed = try CLIRunner.run(arguments)
      #expect(failed.status != 0 && failed.stderr.contains(message), "\(arguments): \(failed.stderr)")
    }
    #expect(try Data(contentsOf: file) == before)
    // collect-experts with the trained expert; without one, a MuJoCo task says how to get one.
    let dataset = CLIRunner.temporaryFile("hopper.npz")
    defer { try? FileManager.default.removeItem(at: dataset) }
    let collected = try CLIRunner.run(["collect-experts", "--env", "Hopper-v4", "--expert", run.path, "--episodes", "2", "--out", dataset.path, "--json"])
    #expect(collected.status == 0 && collected.stdout.contains("\"episodes\":2"), "\(collected.stderr)")
    // The medium tier: the evaluated snapshot nearest a third of the last evaluation.
    let snapshots = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("snapshots").path).sorted()
    #expect(snapshots == ["iteration-000001.json", "iteration-000002.json", "iteration-000003.json"])
    let medium = try CLIRunner.run(["collect-experts", "--env", "Hopper-v4", "--expert", run.path, "--quality", "medium", "--episodes", "2",
      "--out", dataset.path, "--json"])
    #expect(medium.status == 0 && medium.stderr.contains("medium tier: ") && medium.stderr.contains("snapshots/iteration-"), "\(medium.stderr)")
    // Medium-replay: the run replayed from its start to the medium snapshot, every training episode kept (16 per
    // iteration with the paper's 8 directions); the replay must reproduce the snapshot exactly or it fails.
    let replay = try CLIRunner.run(["collect-experts", "--env", "Hopper-v4", "--expert", run.path, "--quality", "medium-replay",
      "--workers", "2", "--out", dataset.path, "--json"])
    let replayed = try #require(try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any], "\(replay.stderr)")
    let count = try #require(replayed["episodes"] as? Int)
    #expect(count > 0 && count % 16 == 0 && replayed["quality"] as? String == "medium-replay")
    let missing = try CLIRunner.run(["collect-experts", "--env", "Hopper-v4", "--episodes", "2", "--out", CLIRunner.temporaryFile("y.npz").path])
    #expect(missing.status != 0 && missing.stderr.contains("train-expert --env Hopper-v4"), "\(missing.stderr)")
    #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
  }

  @Test func benchEnvsPrintsJSONLines() throws {
    let result = try CLIRunner.run([
      "bench", "envs", "--envs", "CartPole-v1", "--seconds", "0.02", "--reps", "1", "--copies", "4",
      "--threads", "1,2", "--json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let records = result.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(records.count == 4)
    #expect(records.allSatisfy { ($0["steps_per_second"] as? Double ?? 0) > 0 })
  }
}
