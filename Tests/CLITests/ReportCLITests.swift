import Foundation
import Testing

/// `report` and `ablate` from the command line, on tiny runs.
@Suite(.serialized) struct ReportCLITests {
  @Test func reportDrawsEverySectionOfSpikingAndANNRuns() throws {
    let work = CLIRunner.temporaryFile("report")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let data = try TrainingCLITests.dataset(work)
    let snn = try EnergyCLITests.checkpoint("dsformer", in: work, data: data)
    let ann = try EnergyCLITests.checkpoint("dt", in: work, data: data)
    let out = work.appendingPathComponent("report.html").path
    let result = try CLIRunner.run(["report", "--runs", snn, ann, "--out", out, "--episodes", "1", "--sweep", "100:500:3",
      "--sweep-episodes", "1", "--threads", "1"])
    #expect(result.status == 0, "\(result.stderr)")
    let html = try String(contentsOfFile: out, encoding: .utf8)
    for heading in ["Runs", "Offline training", "Target-return sweep", "Spike raster of one action", "Energy per layer",
      "Firing rate per spiking layer", "Latency distribution"]
    {
      #expect(html.contains("<h2>\(heading)"), "missing section \(heading)")
    }
    // learning curves (2), sweep, raster, energy per layer (2), firing rate (1), latency (2)
    #expect(html.components(separatedBy: "<svg").count - 1 == 9)
    #expect(html.contains("<td>dsformer</td><td>dt</td><td>spec45nm</td>"), "the spiking run is compared with the ANN")
    let missing = try CLIRunner.run(["report", "--runs", work.path, "--out", out])
    #expect(missing.status != 0 && missing.stderr.contains("metrics.jsonl: no such file"), "\(missing.stderr)")
  }

  @Test func ablationTrainsEveryCellOnceAndResumes() throws {
    let work = CLIRunner.temporaryFile("ablate")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let data = try TrainingCLITests.dataset(work)
    let out = work.appendingPathComponent("grid").path
    let arguments = ["ablate", "--env", "CartPole", "--data", data, "--grid", "time-steps=1,2", "attention=pssa,tssa", "--steps", "2",
      "--episodes", "1", "--threads", "1", "--out", out]
    let first = try CLIRunner.run(arguments + ["--seeds", "1"])
    #expect(first.status == 0, "\(first.stderr)")
    let csv = try String(contentsOfFile: "\(out)/ablation.csv", encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 5 && csv[0].hasPrefix("time-steps,attention,seeds,return mean"), "\(csv)")
    #expect(csv[1].hasPrefix("1,pssa,1,") && csv[4].hasPrefix("2,tssa,1,"), "\(csv)")
    // A second seed: the first seed's results are kept, only the new runs train.
    let kept = "\(out)/time-steps=1_attention=pssa/seed-0/ablation-result.json"
    let before = try Data(contentsOf: URL(fileURLWithPath: kept))
    let second = try CLIRunner.run(arguments + ["--seeds", "2"])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: kept)) == before)
    #expect(second.stderr.components(separatedBy: "train-offline").count - 1 >= 4, "the four seed-1 runs train")
    let table = try String(contentsOfFile: "\(out)/ablation.md", encoding: .utf8)
    #expect(table.contains("| 2 | tssa | 2 |"), "\(table)")
  }

  @Test(arguments: [
    (["ablate", "--env", "CartPole", "--grid", "foo=1"], "not a grid key"),
    (["ablate", "--env", "CartPole", "--grid", "context=4,4"], "a value is repeated"),
    (["ablate", "--env", "CartPole", "--grid", "context=4", "context=8"], "an axis is given twice"),
    (["ablate", "--env", "CartPole", "--grid", "hidden=8,abc"], "hidden=abc"),
    (["report", "--runs", "/no/such/run"], "/no/such/run/metrics.jsonl"),
    (["report", "--runs", "/tmp", "--sweep", "1:2"], "--sweep must be LO:HI:N"),
  ])
  func errorsAreOneLine(arguments: [String], message: String) throws {
    let result = try CLIRunner.run(arguments)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }
}
