import Foundation
import Testing

/// `finetune-online` and `energy-profile` from the command line, on tiny checkpoints: outputs and errors.
@Suite(.serialized) struct EnergyCLITests {
  /// A tiny trained checkpoint of `model` on CartPole in `work`.
  static func checkpoint(_ model: String, in work: URL, data: String) throws -> String {
    let run = work.appendingPathComponent(model).path
    let trained = try CLIRunner.run(["train-offline", "--env", "CartPole", "--data", data, "--model", model, "--steps", "4", "--out", run]
      + ["--hidden", "8", "--layers", "1", "--context", "4", "--batch", "4", "--threads", "1", "--eval-episodes", "1"]
      + (model == "dt" ? [] : ["--time-steps", "2"]))
    #expect(trained.status == 0, "\(trained.stderr)")
    return run
  }

  @Test func profileComparesASpikingPolicyWithTheANNAndWritesAReport() throws {
    let work = CLIRunner.temporaryFile("energy")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let data = try TrainingCLITests.dataset(work)
    let snn = try Self.checkpoint("dsformer", in: work, data: data), ann = try Self.checkpoint("dt", in: work, data: data)
    let report = work.appendingPathComponent("energy.html").path
    let result = try CLIRunner.run(["energy-profile", "--checkpoint", snn, "--compare", ann, "--episodes", "1", "--json", "--report", report])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let subject = json?["subject"] as? [String: Any], baseline = json?["baseline"] as? [String: Any]
    let rate = subject?["firing_rate"] as? Double ?? -1
    #expect(rate > 0 && rate < 1, "\(result.stdout.prefix(400))")
    #expect(baseline?["firing_rate"] == nil)
    #expect((subject?["actions"] as? Int ?? 0) >= 8, "a tiny CartPole policy still acts until the pole falls")
    let savings = json?["savings"] as? [String: [String: Double]]
    #expect(Set(savings?.keys.map { $0 } ?? []) == ["spec45nm", "fp16", "int8"])
    // The ANN has no spiking layers: it costs MACs only, and its saving against itself would be 0.
    let annEstimates = baseline?["estimates"] as? [[String: Any]]
    #expect(annEstimates?.allSatisfy { ($0["accumulates"] as? Double) == 0 } == true)
    let html = try String(contentsOfFile: report, encoding: .utf8)
    #expect(html.contains("<svg") && html.contains("Latency distribution") && html.contains("Firing rate per spiking layer"))
    #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("<link"), "self-contained, static")
  }

  @Test func fineTuningRunsAndRecordsItsLineage() throws {
    let work = CLIRunner.temporaryFile("finetune")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let data = try TrainingCLITests.dataset(work)
    let offline = try Self.checkpoint("dsformer", in: work, data: data)
    let out = work.appendingPathComponent("online").path
    let result = try CLIRunner.run(["finetune-online", "--checkpoint", offline, "--episodes", "2", "--episodes-per-update", "1",
      "--eval-episodes", "1", "--threads", "1", "--out", out, "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(summary?["episodes"] as? Int == 2 && summary?["updates"] as? Int == 2, "\(result.stdout)")
    let config = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("config.json"))
    let lineage = try JSONSerialization.jsonObject(with: config) as? [String: Any]
    #expect(lineage?["checkpoint"] as? String == offline, "the run records the offline checkpoint it started from")
    let evaluated = try CLIRunner.run(["evaluate", "--checkpoint", out, "--episodes", "1", "--threads", "1"])
    #expect(evaluated.status == 0, "\(evaluated.stderr)")
  }

  @Test(arguments: [
    (["energy-profile", "--checkpoint", "/no/such/run"], "/no/such/run"),
    (["energy-profile", "--checkpoint", "/tmp", "--energy-model", "7nm"], "7nm"),
    (["energy-profile", "--checkpoint", "/tmp", "--energy-model", "/no/such/table.json"], "/no/such/table.json"),
    (["energy-profile", "--checkpoint", "/tmp", "--episodes", "0"], "--episodes must be positive"),
    (["finetune-online", "--checkpoint", "/no/such/run"], "/no/such/run"),
  ])
  func errorsAreOneLine(arguments: [String], message: String) throws {
    let result = try CLIRunner.run(arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }
}
