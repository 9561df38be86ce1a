/// Compares candidate records with reference records bit for bit (`compare.py --exact`), in Swift.
///
/// Observations are compared as Float32 bit patterns, rewards and states as Float64 bit patterns,
/// flags and episode lengths exactly; a candidate `init.obs` is checked when present.
public enum TraceComparator {
  /// The problems found for one trace (empty when it matches).
  /// - Parameters:
  ///   - reference: the reference `trace` record.
  ///   - candidate: the candidate record with the same `trace_id`.
  ///   - compareState: also compare `steps[].state`.
  /// - Returns: at most a few problem descriptions.
  public static func problems(reference: JSONValue, candidate: JSONValue, compareState: Bool) -> [String] {
    var problems: [String] = []
    if let candidateInit = candidate["init"]?["obs"],
      !sameFloat32(reference["init"]?["obs"], candidateInit)
    {
      problems.append("init.obs differs")
    }
    let referenceSteps = reference["steps"]?.arrayValue ?? []
    let candidateSteps = candidate["steps"]?.arrayValue ?? []
    if referenceSteps.count != candidateSteps.count {
      problems.append("episode length \(candidateSteps.count), reference \(referenceSteps.count)")
    }
    for (index, (expected, actual)) in zip(referenceSteps, candidateSteps).enumerated() {
      var fields: [String] = []
      if !sameFloat32(expected["obs"], actual["obs"]) { fields.append("obs") }
      if !sameFloat64(expected["reward"].map { [$0] }, actual["reward"].map { [$0] }) { fields.append("reward") }
      if expected["terminated"] != actual["terminated"] { fields.append("terminated") }
      if expected["truncated"] != actual["truncated"] { fields.append("truncated") }
      if compareState, !sameFloat64(expected["state"]?.arrayValue, actual["state"]?.arrayValue) {
        fields.append("state")
      }
      if !fields.isEmpty {
        problems.append("step \(index + 1): \(fields.joined(separator: ", ")) differ")
        if problems.count >= 3 { break }
      }
    }
    return problems
  }

  /// The problems of a reset record (`obs` and `next_unseeded_reset_obs`).
  public static func resetProblems(reference: JSONValue, candidate: JSONValue) -> [String] {
    ["obs", "next_unseeded_reset_obs"].compactMap { key in
      sameFloat32(reference[key], candidate[key]) ? nil : "\(key) differs"
    }
  }

  private static func sameFloat32(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    guard let a = a?.arrayValue?.map(\.doubleValue), let b = b?.arrayValue?.map(\.doubleValue),
      a.count == b.count
    else { return false }
    return zip(a, b).allSatisfy { x, y in
      guard let x, let y else { return false }
      return Float(x).bitPattern == Float(y).bitPattern
    }
  }

  private static func sameFloat64(_ a: [JSONValue]?, _ b: [JSONValue]?) -> Bool {
    guard let a = a?.map(\.doubleValue), let b = b?.map(\.doubleValue), a.count == b.count else {
      return false
    }
    return zip(a, b).allSatisfy { x, y in
      guard let x, let y else { return false }
      return x.bitPattern == y.bitPattern
    }
  }
}
