import Foundation
import RLCore

/// Reads and writes gymtrace/1 files: JSON Lines, one record per line.
public enum TraceFile {
  /// One parsed line.
  public struct Line: Sendable {
    /// The 1-based line number.
    public let number: Int
    /// The parsed record.
    public let value: JSONValue
    /// The record's `type` member.
    public var type: String? { value["type"]?.stringValue }
  }

  /// Reads every non-empty line of a file.
  /// - Parameter path: the file path.
  /// - Returns: the parsed lines.
  /// - Throws: `TraceError.cannotRead`, or `.invalidRecord` naming the first malformed line.
  public static func read(_ path: String) throws(TraceError) -> [Line] {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let reason = FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
      throw .cannotRead(path: path, reason: reason)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .cannotRead(path: path, reason: "not UTF-8 text")
    }
    var lines: [Line] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.isEmpty { continue }
      do {
        let value = try JSONParser.parse(trimmed)
        guard case .object = value, value["type"]?.stringValue != nil else {
          throw TraceError.invalidRecord(path: path, line: index + 1, reason: "expected an object with a \"type\"")
        }
        lines.append(Line(number: index + 1, value: value))
      } catch let error as TraceError {
        if case .malformedJSON = error {
          throw .invalidRecord(path: path, line: index + 1, reason: error.description)
        }
        throw error
      } catch {
        throw .invalidRecord(path: path, line: index + 1, reason: "\(error)")
      }
    }
    return lines
  }

  /// Writes records as JSON Lines atomically (temporary sibling, then rename).
  /// - Parameters:
  ///   - records: the records, one per line.
  ///   - path: the destination.
  /// - Throws: `TraceError.cannotWrite`.
  public static func write(_ records: [JSONValue], to path: String) throws(TraceError) {
    var text = ""
    for record in records {
      text += JSONWriter.serialize(record)
      text += "\n"
    }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw .cannotWrite(path: path, reason: error.localizedDescription)
    }
  }

  /// The meta line this toolkit writes first.
  /// - Parameter content: what the file holds.
  /// - Returns: the record.
  public static func metaRecord(content: String) -> JSONValue {
    .object([
      ("type", .string("meta")), ("format", .string("gymtrace/1")),
      ("generator", .string("spikingmind \(Toolkit.version)")), ("content", .string(content)),
    ])
  }
}
