import Foundation

/// Gymnasium's heuristic statistics (`../shared/conformance/traces/box2d_heuristics.json`, copied).
struct HeuristicReference {
  struct Variant {
    let environmentID: String
    let kwargs: [String: Any]
    let meanReturn: Double
    let stdReturn: Double
    let resetObservations: [[Double]]
  }

  static func load() throws -> [Variant] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/box2d_heuristics.json")
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    let variants = root?["variants"] as? [[String: Any]] ?? []
    return variants.compactMap { variant in
      guard let summary = variant["summary"] as? [String: Any], let episodes = variant["episodes"] as? [[String: Any]]
      else { return nil }
      return Variant(
        environmentID: variant["env_id"] as? String ?? "", kwargs: variant["env_kwargs"] as? [String: Any] ?? [:], meanReturn: summary["mean_return"] as? Double ?? 0,
        stdReturn: summary["std_return"] as? Double ?? 0,
        resetObservations: episodes.map { $0["reset_obs"] as? [Double] ?? [] })
    }
  }
}
