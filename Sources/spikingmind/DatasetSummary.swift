import Experts
import Foundation
import Trajectories

/// The text `dataset info` prints: provenance, sizes, shapes, returns (with a histogram), episode lengths, endings,
/// the tiers of a merged file and the reference returns.
struct DatasetSummary {
  let dataset: TrajectoryDataset
  let file: String

  var text: String {
    let metadata = dataset.metadata
    let returns = metadata.returns
    let lengths = dataset.episodeRanges.map(\.count)
    var lines = [
      "\(file): \(metadata.format)",
      "  environment  \(metadata.envID) \(metadata.envOptions.isEmpty ? "" : "\(metadata.envOptions)")",
      "  policy       \(metadata.expert) (\(metadata.quality)), seed \(metadata.seed)",
      "  size         \(metadata.episodes) episodes, \(metadata.steps) steps",
      "  shapes       observations (\(dataset.count), \(dataset.observationDimension)), actions (\(dataset.count), \(dataset.actionDimension)) \(metadata.actionKind)",
      String(format: "  returns      %.3f ± %.3f (min %.3f, max %.3f)", returns.mean, returns.std, returns.min, returns.max),
    ]
    lines += histogram(dataset.episodeReturns).map { "               " + $0 }
    if let shortest = lengths.min(), let longest = lengths.max() {
      lines.append(String(format: "  lengths      %d–%d steps, mean %.1f", shortest, longest, Double(dataset.count) / Double(max(lengths.count, 1))))
    }
    lines.append("  endings      \(dataset.terminals.filter { $0 }.count) terminated, \(dataset.timeouts.filter { $0 }.count) truncated")
    if let tiers = metadata.source?["tiers"] ?? mixedTiers { lines.append("  tiers        \(tiers) (episodes)") }
    if let source = metadata.source, source["format"] != nil {
      lines.append("  imported     " + source.sorted { $0.key < $1.key }.filter { $0.key != "tiers" }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
    lines.append("  reference    random \(metadata.randomReturn), expert \(metadata.expertReturn)")
    lines.append("  written by   SpikingMindRL \(metadata.toolkitVersion), checksum \(metadata.checksum) (verified)")
    return lines.joined(separator: "\n")
  }

  /// The per-tier episode counts of a `mixed` collection (episodes cycle expert, medium, random).
  var mixedTiers: String? {
    guard dataset.metadata.quality == QualityTier.mixed.rawValue else { return nil }
    let tiers = (0..<dataset.metadata.episodes).map { QualityTier.mixed.tier(forEpisode: $0).rawValue }
    return ["expert", "medium", "random"].map { tier in "\(tier):\(tiers.filter { $0 == tier }.count)" }.joined(separator: ",")
  }

  /// Ten equal-width bins of the episode returns, as bars.
  func histogram(_ values: [Double], bins: Int = 10) -> [String] {
    guard let low = values.min(), let high = values.max(), values.count > 1, high > low else { return [] }
    var counts = [Int](repeating: 0, count: bins)
    for value in values { counts[min(bins - 1, Int((value - low) / (high - low) * Double(bins)))] += 1 }
    let most = counts.max() ?? 1
    return counts.enumerated().map { i, count in
      let from = low + (high - low) * Double(i) / Double(bins)
      let bar = String(repeating: "█", count: (count * 30 + most - 1) / most)
      return String(format: "%10.2f | ", from) + "\(bar) \(count)"
    }
  }
}
