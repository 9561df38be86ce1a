import Foundation
import Training

extension HTMLReport {
  /// The page of `report`: the runs' table, curves, sweep, raster, then the energy sections.
  static func runs(histories: [RunHistory], profiles: [ProfileResult], sweeps: [(String, [EvaluationSummary])], raster: SpikeRaster?) -> HTMLPage {
    let environments = Array(Set(profiles.map(\.environment))).sorted().joined(separator: ", ")
    var page = HTMLPage(title: "SpikingMindRL report: \(environments)")
    let pairs = comparisonPairs(profiles)
    page.add("Runs", runTable(histories: histories, profiles: profiles, pairs: pairs))
    let offline = histories.filter { !$0.isOnline }, online = histories.filter(\.isOnline)
    if !offline.isEmpty {
      page.add("Offline training", SVGChart.lines(title: "training loss", xLabel: "optimisation step", yLabel: "loss",
        series: offline.map { ($0.name, $0.loss) })
        + SVGChart.lines(title: "evaluation return (mean of the evaluation episodes)", xLabel: "optimisation step", yLabel: "return",
          series: offline.map { h in (h.name, h.evaluations.map { ($0.x, $0.mean) }) }))
    }
    if !online.isEmpty {
      page.add("Online fine-tuning", SVGChart.lines(title: "collection return (stochastic policy)", xLabel: "environment steps", yLabel: "return",
        series: online.map { ($0.name, $0.online) })
        + SVGChart.lines(title: "evaluation return (deterministic policy)", xLabel: "update", yLabel: "return",
          series: online.map { h in (h.name, h.evaluations.map { ($0.x, $0.mean) }) }))
    }
    if !sweeps.isEmpty { page.add("Target-return sweep", sweepSection(sweeps)) }
    if let raster {
      page.add("Spike raster of one action", SVGChart.raster(title: "\(raster.layer), action \(raster.action)", spikes: raster.spikes,
        steps: raster.steps, tokens: raster.tokens, neurons: min(raster.neurons, 64), stride: raster.neurons)
        + "<p class=\"note\">The full-window forward of one action of \(profiles.first { $0.firingRate != nil }?.name ?? "the first spiking run"): "
        + "the first \(min(raster.neurons, 64)) of \(raster.neurons) neurons, \(raster.tokens) tokens × \(raster.steps) time steps.</p>")
    }
    energySections(profiles, pairs: pairs, into: &page)
    return page
  }

  /// Each spiking profile with the first ANN profile of its environment.
  static func comparisonPairs(_ profiles: [ProfileResult]) -> [(ProfileResult, ProfileResult)] {
    profiles.filter { $0.firingRate != nil }.compactMap { snn in
      profiles.first { $0.firingRate == nil && $0.environment == snn.environment }.map { (snn, $0) }
    }
  }

  static func runTable(histories: [RunHistory], profiles: [ProfileResult], pairs: [(ProfileResult, ProfileResult)]) -> String {
    let rows = zip(histories, profiles).map { h, p -> [String] in
      let e = p.estimates.first { $0.table.name == "spec45nm" } ?? p.estimates[0]
      let last = h.evaluations.last.map { String(format: "%.2f ± %.2f", $0.mean, $0.std) } ?? "-"
      let saving = pairs.first { $0.0.checkpoint == p.checkpoint }.map { a, b in
        String(format: "%.1f%%", 100 * (EnergyComparison.savings(of: a, against: b)["spec45nm"]?.compute ?? .nan))
      } ?? "-"
      return [h.name, p.model, p.environment, last, String(format: "%.2f ± %.2f", p.returnMean, p.returnStd),
        p.firingRate.map { String(format: "%.4f", $0) } ?? "-", String(format: "%.3f", e.computeEnergy / 1e6),
        String(format: "%.3f", e.memoryEnergy / 1e6), saving, String(format: "%.3f", p.latencyP50Milliseconds),
        String(format: "%.3f", p.latencyP99Milliseconds)]
    }
    return htmlTable(["run", "model", "environment", "last evaluation", "profile return", "firing rate", "µJ/action (45 nm)",
      "memory-aware µJ", "saving vs ANN", "latency p50 ms", "p99 ms"], rows)
      + "<p class=\"note\">Last evaluation: the run's final evaluation line (its own episodes); profile return: the energy profile's "
      + "\(profiles.first?.episodes ?? 0) seeded episodes at the checkpoint's target. Energies are estimates; latencies are measured.</p>"
  }

  static func sweepSection(_ sweeps: [(String, [EvaluationSummary])]) -> String {
    let targets = sweeps.flatMap { $0.1.map(\.targetReturn) }
    let diagonal = [targets.min() ?? 0, targets.max() ?? 1].map { ($0, $0) }
    let chart = SVGChart.lines(title: "return reached against the conditioning target", xLabel: "target return", yLabel: "return",
      series: sweeps.map { name, s in (name, s.map { ($0.targetReturn, $0.mean) }) } + [("return = target", diagonal)])
    let rows = sweeps.flatMap { name, s in
      s.map { [name, String(format: "%.1f", $0.targetReturn), String(format: "%.2f ± %.2f", $0.mean, $0.std), "\($0.episodes)",
        String(format: "%.1f", $0.normalizedScore)] }
    }
    return chart + htmlTable(["run", "target", "return", "episodes", "normalised"], rows)
  }
}
