/// Errors reading, replaying and writing gymtrace/1 files; each names the file, line or trace.
public enum TraceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input file cannot be read.
  case cannotRead(path: String, reason: String)
  /// The output file cannot be written.
  case cannotWrite(path: String, reason: String)
  /// A line is not valid JSON (the column is 1-based; the caller adds the line).
  case malformedJSON(column: Int, reason: String)
  /// A line is valid JSON but not a valid record.
  case invalidRecord(path: String, line: Int, reason: String)
  /// The file holds no record of the kind the command replays.
  case noRecords(path: String, type: String)
  /// The environment rejected a trace (unknown id, bad kwargs, bad state or action).
  case replayFailed(traceID: String, reason: String)

  /// One line saying what is wrong and where.
  public var description: String {
    switch self {
    case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
    case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
    case .malformedJSON(let column, let reason): "malformed JSON at column \(column): \(reason)"
    case .invalidRecord(let path, let line, let reason): "\(path):\(line): \(reason)"
    case .noRecords(let path, let type): "\(path): no records of type '\(type)'"
    case .replayFailed(let traceID, let reason): "trace \(traceID): \(reason)"
    }
  }
}
