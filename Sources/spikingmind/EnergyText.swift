import EnergyProfiling
import Foundation

/// The text form of `energy-profile`.
enum EnergyText {
  static func render(_ c: EnergyComparison) -> String {
    var out = [profile(c.subject)]
    if let baseline = c.baseline {
      out.append(profile(baseline))
      out.append("Saving of \(c.subject.model) against \(baseline.model) (returns \(format(c.subject.returnMean)) vs \(format(baseline.returnMean))):")
      for estimate in c.subject.estimates {
        guard let s = c.savings[estimate.table.name] else { continue }
        out.append(String(format: "  %@: compute-only %.1f%%, memory-aware %.1f%%", estimate.table.name, 100 * s.compute, 100 * s.memory))
      }
      out.append(String(format: "  latency p50: %.3f ms vs %.3f ms (%.2fx)", c.subject.latencyP50Milliseconds, baseline.latencyP50Milliseconds,
        c.subject.latencyP50Milliseconds / baseline.latencyP50Milliseconds))
    }
    return out.joined(separator: "\n")
  }

  static func profile(_ p: ProfileResult) -> String {
    var lines = ["\(p.checkpoint): \(p.model) on \(p.environment), \(p.episodes) episodes, \(p.actions) actions, return \(format(p.returnMean)) ± \(format(p.returnStd))"]
    if let rate = p.firingRate { lines.append(String(format: "  firing rate (all spiking layers, full-window forwards): %.4f", rate)) }
    lines.append(String(format: "  latency (runner, batch 1, %d thread(s)): p50 %.3f ms, p90 %.3f ms, p99 %.3f ms over %d actions (warm-up excluded)",
      p.threads, p.latencyP50Milliseconds, p.latencyP90Milliseconds, p.latencyP99Milliseconds, p.latencySamples))
    guard let first = p.estimates.first else { return lines.joined(separator: "\n") }
    lines.append("  per layer and action (\(first.table.name)):")
    lines.append("    layer                                            kind        in-rate      dense        MACs         ACs    compute pJ")
    for row in first.rows {
      let rate = row.inputRate.map { String(format: "%.4f", $0) } ?? "-"
      lines.append("    " + pad(row.layer, 48) + " " + pad(row.kind.rawValue, 10) + " " + lpad(rate, 8) + " " + lpad(short(row.denseOperations), 10)
        + " " + lpad(short(row.multiplyAccumulates), 11) + " " + lpad(short(row.accumulates), 11) + " " + lpad(short(row.computeEnergy), 13))
    }
    for e in p.estimates {
      lines.append(String(format: "  total (%@): %@ MACs, %@ ACs (dense %@); %.3f µJ compute-only, %.3f µJ memory-aware; %@ spikes / %@ neuron-steps",
        e.table.name, short(e.multiplyAccumulates), short(e.accumulates), short(e.denseOperations), e.computeEnergy / 1e6,
        e.memoryEnergy / 1e6, short(e.spikes), short(e.neuronSteps)))
    }
    return lines.joined(separator: "\n")
  }

  static func format(_ value: Double) -> String { String(format: "%.2f", value) }

  static func short(_ value: Double) -> String {
    switch abs(value) {
    case 1e9...: String(format: "%.2fG", value / 1e9)
    case 1e6...: String(format: "%.2fM", value / 1e6)
    case 1e3...: String(format: "%.1fk", value / 1e3)
    default: String(format: "%.1f", value)
    }
  }

  static func pad(_ text: String, _ width: Int) -> String { text.count >= width ? String(text.suffix(width)) : text + String(repeating: " ", count: width - text.count) }
  static func lpad(_ text: String, _ width: Int) -> String { text.count >= width ? text : String(repeating: " ", count: width - text.count) + text }
}
