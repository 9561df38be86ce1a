public import RLCore

/// Gymnasium's `check_env` for this toolkit's environments, plus an exact two-instance rollout.
///
/// A third-party plugin tests its specs with it:
/// ```swift
/// @Test(arguments: MyPlugin.specs)
/// func conforms(spec: EnvironmentSpec) {
///   let report = EnvironmentChecker().check(spec)
///   #expect(report.isSuccess, "\(report)")
/// }
/// ```
/// Checks: well-formed spaces; `reset` observations in the observation space; reset-seed
/// determinism (`reset(seed: 123)`, `reset()`, `reset(seed: 123)`, `reset()` give pairwise identical
/// observations and generator states; seed 456 gives a different generator); step determinism
/// (two instances, same seed and action → identical step, `truncated == false`); finite rewards;
/// a `rolloutSteps`-step rollout of two instances compared bit for bit; invalid actions rejected with
/// `EnvironmentError`; `close()` twice.
public struct EnvironmentChecker: Sendable {
  /// The length of the two-instance rollout.
  public var rolloutSteps: Int
  /// The seed of the rollout and of the action space.
  public var seed: UInt64

  /// Creates a checker.
  /// - Parameters:
  ///   - rolloutSteps: steps in the determinism rollout (Gymnasium's test uses 50).
  ///   - seed: the rollout seed.
  public init(rolloutSteps: Int = 50, seed: UInt64 = 0) {
    self.rolloutSteps = rolloutSteps
    self.seed = seed
  }

  /// Checks the raw environment a spec builds.
  /// - Parameters:
  ///   - spec: the spec.
  ///   - options: constructor options merged over the spec's defaults.
  /// - Returns: the report (a factory error is one failure).
  public func check(_ spec: EnvironmentSpec, options: Options = [:]) -> CheckReport {
    let merged = spec.defaultOptions.merging(options) { _, new in new }
    return check(name: spec.id, isDeterministic: spec.isDeterministic) { () throws(EnvironmentError) in
      try spec.makeEnvironment(merged)
    }
  }

  /// Checks environments built by a factory.
  /// - Parameters:
  ///   - name: the name for the report.
  ///   - isDeterministic: whether same seed and actions must give identical episodes.
  ///   - make: builds a fresh instance.
  /// - Returns: the report.
  public func check(
    name: String, isDeterministic: Bool = true,
    make: () throws(EnvironmentError) -> any Environment
  ) -> CheckReport {
    var report = CheckReport(environment: name)
    do {
      var first = try make()
      var second = try make()
      report.record("spaces", spaceProblem(first))
      report.record("reset observation in space", try resetProblem(&first))
      report.record("reset seed determinism", try seedDeterminismProblem(&first))
      if isDeterministic {
        report.record("step determinism", try stepDeterminismProblem(&first, &second))
        report.record("two-instance rollout", try rolloutProblem(try make(), try make()))
      }
      report.record("invalid actions rejected", try invalidActionProblem(try make()))
      first.close()
      first.close()
      report.record("close twice", nil)
    } catch {
      report.record("construction and reset", "threw \(error)")
    }
    return report
  }
}
