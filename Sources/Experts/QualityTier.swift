/// Dataset quality tiers, like D4RL's: expert, medium, random, and a mixture of the three.
public enum QualityTier: String, Sendable, CaseIterable, Codable {
  /// The expert policy.
  case expert
  /// The expert with seeded random-action noise, about halfway between random and expert returns.
  case medium
  /// Uniformly random actions.
  case random
  /// Episodes `i ≡ 0, 1, 2 (mod 3)` from the expert, medium and random tiers.
  case mixed
  /// D4RL's medium-replay: every training episode of a `train-expert` run up to its medium snapshot.
  case mediumReplay = "medium-replay"

  /// The tier that collects episode `index` (mixed cycles through the other three).
  public func tier(forEpisode index: Int) -> QualityTier {
    guard self == .mixed else { return self }
    return [.expert, .medium, .random][index % 3]
  }
}
