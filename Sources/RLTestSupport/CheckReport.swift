/// The outcome of `EnvironmentChecker`: which checks passed and what failed.
public struct CheckReport: Sendable, CustomStringConvertible {
  /// The environment checked.
  public let environment: String
  /// Names of the checks that passed.
  public internal(set) var passed: [String] = []
  /// One line per failed check.
  public internal(set) var failures: [String] = []

  /// Whether every check passed.
  public var isSuccess: Bool { failures.isEmpty }

  /// A summary line followed by the failures.
  public var description: String {
    ([
      "\(environment): \(passed.count) checks passed, \(failures.count) failed"
    ] + failures.map { "  - \($0)" }).joined(separator: "\n")
  }

  mutating func record(_ name: String, _ failure: String?) {
    if let failure { failures.append("\(name): \(failure)") } else { passed.append(name) }
  }
}
