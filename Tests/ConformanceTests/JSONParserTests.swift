import Conformance
import Foundation
import Testing

@Suite struct JSONParserTests {
  @Test func parsesNumbersExactly() throws {
    let value = try JSONParser.parse(#"{"a": [0.013696168549358845, -1e-05, 3, 18446744073709551615, NaN, -Infinity]}"#)
    let numbers = try #require(value["a"]?.arrayValue)
    #expect(numbers[0] == .number(0.013696168549358845))
    #expect(numbers[1] == .number(-1e-05))
    #expect(numbers[2] == .integer(3))
    #expect(numbers[3] == .unsignedInteger(UInt64.max))
    #expect(numbers[4].doubleValue?.isNaN == true)
    #expect(numbers[5] == .number(-.infinity))
  }

  @Test func parsesStringsWithEscapes() throws {
    let value = try JSONParser.parse(#"["a\"b\\c\n\u00e9\ud83d\ude00", "plain"]"#)
    #expect(value.arrayValue?.first == .string("a\"b\\c\né😀"))
  }

  @Test(arguments: [
    "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"unterminated", "[1] x", "{1: 2}", "\"\\x\"",
    "1e", "nan",
  ])
  func rejectsMalformedInput(text: String) {
    #expect(throws: TraceError.self) { try JSONParser.parse(text) }
  }

  @Test func rejectsDeepNesting() {
    #expect(throws: TraceError.self) { try JSONParser.parse(String(repeating: "[", count: 10_000)) }
  }

  @Test func writerRoundTrips() throws {
    let value = JSONValue.object([
      ("x", .array([.number(0.1), .number(1.0), .number(-1e-05), .number(.infinity), .integer(-4)])),
      ("s", .string("q\"\n\u{01}")), ("b", .bool(true)), ("n", .null),
    ])
    let text = JSONWriter.serialize(value)
    #expect(try JSONParser.parse(text) == value)
    #expect(text.contains("Infinity") && text.contains("1.0"))
  }

  @Test func traceFileNamesTheBadLine() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).jsonl")
    try Data("{\"type\":\"meta\"}\n\n{\"type\": \"trace\", oops}\n".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    do {
      _ = try TraceFile.read(url.path)
      Issue.record("expected an error")
    } catch let error as TraceError {
      guard case .invalidRecord(_, let line, _) = error else { Issue.record("wrong error \(error)"); return }
      #expect(line == 3)
    }
    #expect(throws: TraceError.cannotRead(path: "/no/such/file.jsonl", reason: "no such file")) {
      try TraceFile.read("/no/such/file.jsonl")
    }
  }
}
