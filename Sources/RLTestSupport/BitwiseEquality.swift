public import RLCore

/// Exact comparisons that treat values by their bit patterns (NaN equals an identical NaN, −0 ≠ +0).
public enum BitwiseEquality {
  /// Whether two Float32 vectors are bit-identical.
  public static func equal(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
  }

  /// Whether two Float64 values are bit-identical.
  public static func equal(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }

  /// Whether two step results are bit-identical in observation, reward and both flags.
  public static func equal(_ a: Step, _ b: Step) -> Bool {
    equal(a.observation, b.observation) && equal(a.reward, b.reward) && a.terminated == b.terminated
      && a.truncated == b.truncated
  }
}
