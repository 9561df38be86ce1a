import Foundation
import Testing

/// `train-offline`, `evaluate` and `checkpoint` from the command line: errors, and checkpoints that survive kills.
@Suite(.serialized) struct TrainingCLITests {
  static let tiny = ["--hidden", "8", "--layers", "1", "--context", "4", "--time-steps", "2", "--batch", "4", "--shards", "2",
    "--threads", "1", "--eval-episodes", "1", "--log-every", "5"]

  static func dataset(_ work: URL) throws -> String {
    let path = work.appendingPathComponent("cartpole.npz").path
    let result = try CLIRunner.run(["collect-experts", "--env", "CartPole", "--episodes", "2", "--workers", "1", "--out", path])
    #expect(result.status == 0, "\(result.stderr)")
    return path
  }

  @Test func trainEvaluateAndInspectACheckpoint() throws {
    let work = CLIRunner.temporaryFile("train")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let data = try Self.dataset(work)
    let run = work.appendingPathComponent("run").path
    let trained = try CLIRunner.run(["train-offline", "--env", "CartPole", "--data", data, "--steps", "6", "--out", run, "--json"] + Self.tiny)
    #expect(trained.status == 0, "\(trained.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(trained.stdout.utf8)) as? [String: Any]
    #expect(summary?["environment"] as? String == "CartPole-v1" && summary?["steps"] as? Int == 6)
    let evaluated = try CLIRunner.run(["evaluate", "--checkpoint", run, "--episodes", "2", "--threads", "1", "--json"])
    #expect(evaluated.status == 0, "\(evaluated.stderr)")
    let line = try JSONSerialization.jsonObject(with: Data(evaluated.stdout.utf8)) as? [String: Any]
    #expect(line?["selected"] as? String == "last checkpoint")
    #expect((line?["summary"] as? [String: Any])?["episodes"] as? Int == 2)
    let info = try CLIRunner.run(["checkpoint", "info", "--checkpoint", run])
    #expect(info.status == 0 && info.stdout.contains("\"environment\":\"CartPole-v1\""), "\(info.stdout)")
    let again = try CLIRunner.run(["train-offline", "--env", "CartPole", "--data", data, "--steps", "6", "--out", run] + Self.tiny)
    #expect(again.status != 0 && again.stderr.contains("holds a run already: continue it with --resume"), "\(again.stderr)")
    let wrong = try CLIRunner.run(["evaluate", "--checkpoint", run, "--env", "Acrobot-v1"])
    #expect(wrong.status != 0 && wrong.stderr.contains("is a checkpoint of CartPole-v1, not of Acrobot-v1"), "\(wrong.stderr)")
  }

  @Test(arguments: [
    (["train-offline", "--env", "CartPole", "--data", "/no/such.npz"], "/no/such.npz"),
    (["train-offline", "--env", "CartPol"], "unknown environment 'CartPol'"),
    (["train-offline", "--env", "Acrobot", "--data", "/no/such.npz", "--model", "dt", "--attention", "pssa"], "apply to --model dsformer only"),
    (["train-offline", "--env", "Acrobot", "--data", "/no/such.npz", "--model", "snndt", "--timestep-embedding"], "apply to --model dsformer only"),
    (["evaluate", "--checkpoint", "/no/such/run"], "/no/such/run"),
    (["evaluate", "--checkpoint", "/tmp", "--sweep", "1:2"], "--sweep must be LO:HI:N"),
    (["train-offline", "--resume", "/no/such/run"], "/no/such/run"),
  ])
  func errorsAreOneLine(arguments: [String], message: String) throws {
    let result = try CLIRunner.run(arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }

  @Test func missingDatasetSaysHowToMakeOne() throws {
    let work = CLIRunner.temporaryFile("nodata")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let result = try CLIRunner.run(["train-offline", "--env", "CartPole"], directory: work)
    #expect(result.status != 0 && result.stderr.contains("collect-experts --env CartPole-v1"), "\(result.stderr)")
  }

  /// Kill a training process (SIGKILL) at random moments while it saves a checkpoint every step, many times,
  /// resuming each time: `latest` always names a whole checkpoint.
  @Test func checkpointsSurviveKillsDuringSaves() throws {
    let work = CLIRunner.temporaryFile("kill")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let data = try Self.dataset(work)
    let run = work.appendingPathComponent("run").path
    var generator = SystemRandomNumberGenerator()
    var resumed = 0
    for _ in 0..<12 {
      let hasCheckpoint = FileManager.default.fileExists(atPath: (run as NSString).appendingPathComponent("latest"))
      let arguments = hasCheckpoint
        ? ["train-offline", "--resume", run, "--steps", "100000"]
        : ["train-offline", "--env", "CartPole", "--data", data, "--steps", "100000", "--checkpoint-every", "1", "--out", run] + Self.tiny
      resumed += hasCheckpoint ? 1 : 0
      let process = Process()
      process.executableURL = CLIRunner.binary
      process.arguments = arguments
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Thread.sleep(forTimeInterval: Double.random(in: 0.3...0.9, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let info = try CLIRunner.run(["checkpoint", "info", "--checkpoint", run])
      if hasCheckpoint || info.status == 0 {
        #expect(info.status == 0, "after a kill: \(info.stderr)")
      }
    }
    #expect(resumed > 0, "some runs must have resumed from a checkpoint")
    let info = try CLIRunner.run(["checkpoint", "info", "--checkpoint", run, ])
    let metadata = try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any]
    #expect((metadata?["step"] as? Int ?? 0) > 0)
  }
}
