/// A strict recursive-descent JSON parser over UTF-8 bytes (RFC 8259 plus Python's non-finite tokens).
///
/// Numbers are converted with Swift's correctly rounded `Double(String)`, so the shortest-repr
/// doubles Python writes come back bit for bit.
public struct JSONParser {
  private let bytes: [UInt8]
  private var position = 0
  private var depth = 0
  private static let maximumDepth = 512

  /// Parses one JSON document.
  /// - Parameter text: the document.
  /// - Returns: the value.
  /// - Throws: `TraceError.malformedJSON` with the byte column of the problem.
  public static func parse(_ text: String) throws(TraceError) -> JSONValue {
    var parser = JSONParser(bytes: Array(text.utf8))
    parser.skipWhitespace()
    let value = try parser.parseValue()
    parser.skipWhitespace()
    guard parser.position == parser.bytes.count else { throw parser.failure("trailing characters") }
    return value
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private func failure(_ reason: String) -> TraceError {
    .malformedJSON(column: position + 1, reason: reason)
  }

  private mutating func skipWhitespace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  private mutating func parseValue() throws(TraceError) -> JSONValue {
    guard position < bytes.count else { throw failure("unexpected end of input") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
    case UInt8(ascii: "n"): return try parseLiteral("null", .null)
    case UInt8(ascii: "N"): return try parseLiteral("NaN", .number(.nan))
    case UInt8(ascii: "I"): return try parseLiteral("Infinity", .number(.infinity))
    default: return try parseNumber()
    }
  }

  private mutating func parseLiteral(_ word: String, _ value: JSONValue) throws(TraceError) -> JSONValue {
    let literal = Array(word.utf8)
    guard bytes.count - position >= literal.count,
      Array(bytes[position..<position + literal.count]) == literal
    else { throw failure("invalid literal") }
    position += literal.count
    return value
  }

  private mutating func nested<T>(_ body: (inout JSONParser) throws(TraceError) -> T) throws(TraceError) -> T {
    depth += 1
    guard depth <= Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth)") }
    defer { depth -= 1 }
    return try body(&self)
  }

  private mutating func parseObject() throws(TraceError) -> JSONValue {
    try nested { parser throws(TraceError) in
      parser.position += 1
      var members: [(String, JSONValue)] = []
      parser.skipWhitespace()
      if parser.consume(UInt8(ascii: "}")) { return .object(members) }
      repeat {
        parser.skipWhitespace()
        guard parser.position < parser.bytes.count, parser.bytes[parser.position] == UInt8(ascii: "\"") else {
          throw parser.failure("expected a string key")
        }
        let key = try parser.parseString()
        parser.skipWhitespace()
        guard parser.consume(UInt8(ascii: ":")) else { throw parser.failure("expected ':'") }
        parser.skipWhitespace()
        members.append((key, try parser.parseValue()))
        parser.skipWhitespace()
      } while parser.consume(UInt8(ascii: ","))
      guard parser.consume(UInt8(ascii: "}")) else { throw parser.failure("expected ',' or '}'") }
      return .object(members)
    }
  }

  private mutating func parseArray() throws(TraceError) -> JSONValue {
    try nested { parser throws(TraceError) in
      parser.position += 1
      var elements: [JSONValue] = []
      parser.skipWhitespace()
      if parser.consume(UInt8(ascii: "]")) { return .array(elements) }
      repeat {
        parser.skipWhitespace()
        elements.append(try parser.parseValue())
        parser.skipWhitespace()
      } while parser.consume(UInt8(ascii: ","))
      guard parser.consume(UInt8(ascii: "]")) else { throw parser.failure("expected ',' or ']'") }
      return .array(elements)
    }
  }

  private mutating func consume(_ byte: UInt8) -> Bool {
    guard position < bytes.count, bytes[position] == byte else { return false }
    position += 1
    return true
  }

  private mutating func parseString() throws(TraceError) -> String {
    position += 1
    var result = ""
    var chunkStart = position
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        result += try decodeUTF8(bytes[chunkStart..<position])
        position += 1
        return result
      }
      if byte < 0x20 { throw failure("control character in string") }
      if byte == UInt8(ascii: "\\") {
        result += try decodeUTF8(bytes[chunkStart..<position])
        result.unicodeScalars.append(try parseEscape())
        chunkStart = position
        continue
      }
      position += 1
    }
    throw failure("unterminated string")
  }

  private func decodeUTF8(_ slice: ArraySlice<UInt8>) throws(TraceError) -> String {
    guard let text = String(validating: slice, as: UTF8.self) else { throw failure("invalid UTF-8") }
    return text
  }

  private mutating func parseEscape() throws(TraceError) -> Unicode.Scalar {
    position += 1
    guard position < bytes.count else { throw failure("unterminated escape") }
    let byte = bytes[position]
    position += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"): return try parseUnicodeEscape()
    default: throw failure("invalid escape")
    }
  }

  private mutating func parseUnicodeEscape() throws(TraceError) -> Unicode.Scalar {
    let high = try parseHex4()
    if (0xD800..<0xDC00).contains(high) {
      guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw failure("lone surrogate") }
      let low = try parseHex4()
      guard (0xDC00..<0xE000).contains(low),
        let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
      else { throw failure("invalid surrogate pair") }
      return scalar
    }
    guard let scalar = Unicode.Scalar(high) else { throw failure("invalid \\u escape") }
    return scalar
  }

  private mutating func parseHex4() throws(TraceError) -> UInt32 {
    guard bytes.count - position >= 4,
      let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
    else { throw failure("invalid \\u escape") }
    position += 4
    return value
  }

  private mutating func parseNumber() throws(TraceError) -> JSONValue {
    let start = position
    if consume(UInt8(ascii: "-")), position < bytes.count, bytes[position] == UInt8(ascii: "I") {
      _ = try parseLiteral("Infinity", .null)
      return .number(-.infinity)
    }
    var isInteger = true
    while position < bytes.count {
      let byte = bytes[position]
      if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: "+")
      {
        position += 1
      } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        isInteger = false
        position += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    guard Self.isValidNumber(text) else { throw failure("invalid number '\(text)'") }
    if isInteger, let value = Int(text) { return .integer(value) }
    if isInteger, let value = UInt64(text) { return .unsignedInteger(value) }
    guard let value = Double(text) else { throw failure("invalid number '\(text)'") }
    return .number(value)
  }

  /// RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  private static func isValidNumber(_ text: String) -> Bool {
    var characters = Substring(text)
    if characters.first == "-" { characters = characters.dropFirst() }
    let integerPart = characters.prefix { $0.isASCII && $0.isNumber }
    guard !integerPart.isEmpty, integerPart == "0" || integerPart.first != "0" else { return false }
    characters = characters.dropFirst(integerPart.count)
    if characters.first == "." {
      let fraction = characters.dropFirst().prefix { $0.isASCII && $0.isNumber }
      guard !fraction.isEmpty else { return false }
      characters = characters.dropFirst(1 + fraction.count)
    }
    if characters.first == "e" || characters.first == "E" {
      characters = characters.dropFirst()
      if characters.first == "+" || characters.first == "-" { characters = characters.dropFirst() }
      let exponent = characters.prefix { $0.isASCII && $0.isNumber }
      guard !exponent.isEmpty else { return false }
      characters = characters.dropFirst(exponent.count)
    }
    return characters.isEmpty
  }
}
