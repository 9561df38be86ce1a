import ArgumentParser
import Foundation
import SpikingLayers

/// `spikingmind conformance lif`: replays lif-golden/1 neuron traces (`../shared/conformance/lif/`).
struct ConformanceLIF: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lif",
    abstract: "Replay a lif-golden/1 file through our fused neurons, write our values and compare.",
    discussion: """
      Writes the golden JSON with each case's spikes, v, i and grad_input replaced by ours, then compares: \
      spikes identical, v and i within 1e-6, input gradients within 1e-5. Exit status 1 when a case fails.
      """)

  @Option(name: .customLong("in"), help: "The golden lif-golden/1 file.")
  var input: String

  @Option(name: .customLong("out"), help: "The candidate file to write (atomically).")
  var output: String

  @Flag(help: "Print the comparison as JSON.")
  var json = false

  func run() throws {
    let golden: [String: Any]
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: input))
      guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw CommandError(message: "\(input): not a JSON object")
      }
      golden = object
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(message: "\(input): \(FileManager.default.fileExists(atPath: input) ? "not JSON" : "no such file")")
    }
    let reports: [NeuronConformance.CaseReport]
    do {
      let ours = try NeuronConformance.replay(golden, path: input)
      let data = try JSONSerialization.data(withJSONObject: ours, options: [.sortedKeys])
      try data.write(to: URL(fileURLWithPath: output), options: .atomic)
      reports = try NeuronConformance.compare(golden: golden, candidate: ours, path: input)
    } catch let error as NeuronConformance.FormatError {
      throw CommandError(error)
    } catch {
      throw CommandError(message: "\(output): cannot write: \(error.localizedDescription)")
    }
    if json {
      for r in reports {
        print(try JSONOutput.encode(LIFCaseLine(
          name: r.name, passes: r.passes, spikeMismatches: r.spikeMismatches, maxVoltageError: r.maxVoltageError,
          maxCurrentError: r.maxCurrentError, maxGradientError: r.maxGradientError)))
      }
    } else {
      for r in reports {
        print(String(format: "%@ %@: spikes differing %d, max |dv| %.3g, max |di| %.3g, max |dgrad| %.3g", r.passes ? "PASS" : "FAIL",
          r.name, r.spikeMismatches, r.maxVoltageError, r.maxCurrentError, r.maxGradientError))
      }
      let failed = reports.filter { !$0.passes }.count
      print("SUMMARY: \(failed == 0 ? "PASS" : "FAIL") cases=\(reports.count) failed=\(failed) (spikes exact, v/i 1e-6, grad 1e-5)")
    }
    if reports.contains(where: { !$0.passes }) { throw ExitCode.failure }
  }
}

/// One case of `conformance lif --json`.
struct LIFCaseLine: Codable {
  let name: String
  let passes: Bool
  let spikeMismatches: Int
  let maxVoltageError: Double
  let maxCurrentError: Double
  let maxGradientError: Double
}
