import Foundation
import Testing

@Suite(.serialized) struct DatasetCLITests {
  @Test func collectExpertsWritesTheSameFileForAnyWorkerCountAndInfoReadsIt() throws {
    let one = CLIRunner.temporaryFile("one.npz")
    let two = CLIRunner.temporaryFile("two.npz")
    defer {
      try? FileManager.default.removeItem(at: one)
      try? FileManager.default.removeItem(at: two)
    }
    let common = ["collect-experts", "--env", "CartPole", "--episodes", "6", "--quality", "mixed", "--seed", "3"]
    let first = try CLIRunner.run(common + ["--workers", "1", "--out", one.path])
    let second = try CLIRunner.run(common + ["--workers", "2", "--out", two.path, "--json"])
    #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
    #expect(try Data(contentsOf: one) == Data(contentsOf: two))
    let summary = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
    #expect(summary?["episodes"] as? Int == 6)
    let info = try CLIRunner.run(["dataset", "info", one.path])
    #expect(info.status == 0 && info.stdout.contains("6 episodes") && info.stdout.contains("(verified)"), "\(info.stdout)")
    #expect(info.stdout.contains("tiers        expert:2,medium:2,random:2") && info.stdout.contains("lengths "), "\(info.stdout)")
    let json = try CLIRunner.run(["dataset", "info", one.path, "--json"])
    let metadata = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(metadata?["env_id"] as? String == "CartPole-v1" && metadata?["quality"] as? String == "mixed")
  }

  @Test func corruptedOrMissingDatasetsFailWithOneLine() throws {
    let file = CLIRunner.temporaryFile("bad.npz")
    defer { try? FileManager.default.removeItem(at: file) }
    let collected = try CLIRunner.run(["collect-experts", "--env", "Pendulum", "--episodes", "1", "--out", file.path])
    #expect(collected.status == 0, "\(collected.stderr)")
    var bytes = try Data(contentsOf: file)
    bytes = bytes.prefix(bytes.count / 2)
    try bytes.write(to: file)
    for arguments in [["dataset", "info", file.path], ["dataset", "info", "/no/such.npz"]] {
      let result = try CLIRunner.run(arguments)
      #expect(result.status != 0)
      #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
  }

  @Test func importExportMergeAndTrainOnHDF5() throws {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("DatasetInterchangeTests/Fixtures")
    let work = CLIRunner.temporaryFile("interchange")
    defer { try? FileManager.default.removeItem(at: work) }
    let (minari, d4rl, exported, merged) = (work.appendingPathComponent("minari.npz").path, work.appendingPathComponent("d4rl.npz").path,
      work.appendingPathComponent("out.hdf5").path, work.appendingPathComponent("merged.npz").path)
    let steps: [[String]] = [
      ["dataset", "import", fixtures.appendingPathComponent("minari_pendulum").path, "--env", "Pendulum", "--out", minari, "--compress"],
      ["dataset", "export", minari, "--format", "d4rl", "--out", exported],
      ["dataset", "import", exported, "--env", "Pendulum-v1", "--out", d4rl],
      ["dataset", "merge", minari, d4rl, "--out", merged],
    ]
    for arguments in steps {
      let result = try CLIRunner.run(arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }
    let info = try CLIRunner.run(["dataset", "info", merged])
    #expect(info.stdout.contains("4 episodes, 80 steps") && info.stdout.contains("tiers        pendulum/random-v0:2"), "\(info.stdout)")
    let imported = try CLIRunner.run(["dataset", "info", d4rl, "--json"])
    let metadata = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any]
    #expect((metadata?["source"] as? [String: String])?["format"] == "d4rl" && metadata?["random_return"] as? Double == -1500)
    // train-offline reads the HDF5 file directly.
    let run = work.appendingPathComponent("run").path
    let trained = try CLIRunner.run(["train-offline", "--env", "Pendulum", "--data", exported, "--model", "dt", "--steps", "2",
      "--eval-episodes", "1", "--batch", "4", "--out", run, "--json"])
    #expect(trained.status == 0, "\(trained.stderr)")
    // Bad input: the wrong environment, a missing --env, an unwritable output.
    for (arguments, message) in [
      (["dataset", "import", exported, "--env", "CartPole", "--out", work.appendingPathComponent("x.npz").path], "expected [40, 4]"),
      (["dataset", "info", exported], "pass --env"),
      (["dataset", "import", exported, "--env", "Pendulum", "--out", work.path], "is a directory"),
    ] {
      let result = try CLIRunner.run(arguments)
      #expect(result.status != 0 && result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
  }

  @Test func unwritableOutputsFailBeforeTheWorkWithOneLine() throws {
    let file = CLIRunner.temporaryFile("plain")
    try Data("x".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    for arguments in [
      ["render", "--env", "CartPole", "--out", file.path + "/x.svg"],
      ["collect-experts", "--env", "CartPole", "--episodes", "100000", "--out", file.path + "/x.npz"],
    ] {
      let result = try CLIRunner.run(arguments)
      #expect(result.status != 0 && result.stderr == "error: cannot write \(file.path)/\((arguments.last! as NSString).lastPathComponent): \(file.path) is not a writable directory\n", "\(result.stderr)")
    }
    let rollout = try CLIRunner.run(["rollout", "--env", "LunarLanderContinuous-v3", "--episodes", "1"])
    #expect(rollout.stdout.contains("LunarLanderContinuous-v3 random policy"), "\(rollout.stdout)")
    // Gymnasium's constants (reference) are not the tuned expert's; CartPole has no Gymnasium heuristic.
    let runs = try ["reference", "expert"].map { try CLIRunner.run(["rollout", "--env", "LunarLander", "--policy", $0, "--episodes", "1", "--json"]) }
    let returns = try runs.map { run in
      let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
      return ((report?["episodes"] as? [[String: Any]])?.first?["total_reward"] as? Double) ?? .nan
    }
    #expect(returns.allSatisfy { $0 > 200 } && returns[0] != returns[1], "\(returns)")
    let none = try CLIRunner.run(["rollout", "--env", "CartPole", "--policy", "reference"])
    #expect(none.status != 0 && none.stderr.contains("no Gymnasium reference heuristic"), "\(none.stderr)")
    let unknown = try CLIRunner.run(["rollout", "--env", "CartPol"])
    #expect(unknown.status != 0 && unknown.stderr.contains("did you mean CartPole-v1?"), "\(unknown.stderr)")
  }

  @Test func badCollectionArgumentsAreRejected() throws {
    for (arguments, message) in [
      (["collect-experts", "--env", "CartPole", "--quality", "great"], "great"),
      (["collect-experts", "--env", "CartPole", "--noise", "2"], "--noise"),
      (["collect-experts", "--env", "Nope"], "unknown environment"),
    ] {
      let result = try CLIRunner.run(arguments)
      #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }
  }
}

@Suite(.serialized) struct RenderCLITests {
  @Test(arguments: ["LunarLander", "CartPole", "BipedalWalker"])
  func renderWritesAnAnimatedSVG(env: String) throws {
    let file = CLIRunner.temporaryFile("\(env).svg")
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try CLIRunner.run(["render", "--env", env, "--seed", "0", "--max-frames", "40", "--out", file.path])
    #expect(result.status == 0, "\(result.stderr)")
    let svg = try String(contentsOf: file, encoding: .utf8)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(svg.components(separatedBy: "<g display=\"none\">").count - 1 == 40)
    #expect(svg.contains("<animate attributeName=\"display\"") && svg.hasSuffix("</svg>\n"))
  }
}
