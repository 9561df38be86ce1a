extension TraceComparator {
  /// The outcome of comparing two files.
  public struct FileSummary: Sendable {
    /// How many reference records were compared.
    public let compared: Int
    /// One line per failing or missing record.
    public let failures: [String]
  }

  /// Compares every `trace` and `reset` record of a reference file with the candidate record of the
  /// same `trace_id`, bit for bit.
  /// - Parameters:
  ///   - reference: the reference file.
  ///   - candidate: the candidate file.
  ///   - compareState: also compare internal states.
  /// - Returns: the summary.
  /// - Throws: `TraceError` for unreadable or malformed files.
  public static func compareFiles(reference: String, candidate: String, compareState: Bool) throws(TraceError)
    -> FileSummary
  {
    let references = try TraceFile.read(reference).filter { $0.type == "trace" || $0.type == "reset" }
    guard !references.isEmpty else { throw .noRecords(path: reference, type: "trace or reset") }
    var candidates: [String: JSONValue] = [:]
    for line in try TraceFile.read(candidate) {
      if let id = line.value["trace_id"]?.stringValue { candidates[id] = line.value }
    }
    var failures: [String] = []
    for line in references {
      let id = line.value["trace_id"]?.stringValue ?? "line \(line.number)"
      guard let match = candidates[id] else {
        failures.append("\(id): missing from the candidate")
        continue
      }
      let problems =
        line.type == "reset"
        ? resetProblems(reference: line.value, candidate: match)
        : self.problems(reference: line.value, candidate: match, compareState: compareState)
      if !problems.isEmpty { failures.append("\(id): \(problems.joined(separator: "; "))") }
    }
    return FileSummary(compared: references.count, failures: failures)
  }
}
