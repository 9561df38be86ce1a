import Foundation
import SpikingLayers
import Testing

/// Norse 1.1.0 and DSFormer golden traces (Fixtures/lif_golden_seed0.json) replayed through the fused neurons.
@Suite struct LIFGoldenTests {
  @Test func goldenTracesReplayExactly() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lif_golden_seed0.json")
    let golden = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let ours = try NeuronConformance.replay(golden, path: url.path)
    let reports = try NeuronConformance.compare(golden: golden, candidate: ours, path: url.path)
    #expect(reports.map(\.name) == ["norse_default", "norse_fast", "dsformer_lif"])
    for report in reports {
      #expect(report.passes, "\(report)")
      #expect(report.spikeMismatches == 0)
    }
    // The comparison sees a single flipped spike and a small voltage error.
    var cases = try #require(ours["cases"] as? [[String: Any]])
    var spikes = try #require(cases[2]["spikes"] as? [[Double]])
    spikes[3][1] = 1 - spikes[3][1]
    cases[2]["spikes"] = spikes
    var voltages = try #require(cases[0]["v"] as? [[Double]])
    voltages[5][0] += 1e-5
    cases[0]["v"] = voltages
    var broken = ours
    broken["cases"] = cases
    let failing = try NeuronConformance.compare(golden: golden, candidate: broken, path: url.path)
    #expect(failing.map(\.passes) == [false, true, false])
    #expect(failing[2].spikeMismatches == 1)
  }

  @Test func malformedGoldenFilesAreTypedErrors() {
    #expect(throws: NeuronConformance.FormatError.self) { try NeuronConformance.replay(["format": "other"], path: "x.json") }
    #expect(throws: NeuronConformance.FormatError.self) {
      try NeuronConformance.replay(["format": "lif-golden/1", "input": [[1.0]], "loss_weights": [[1.0, 2.0]], "cases": []], path: "x.json")
    }
  }
}
