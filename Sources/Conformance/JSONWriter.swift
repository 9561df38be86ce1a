/// Serialises `JSONValue`s on one line, with doubles in Swift's shortest round-trip form.
///
/// Non-finite doubles are written as Python's `NaN`, `Infinity`, `-Infinity` tokens (gymtrace/1).
public enum JSONWriter {
  /// One-line JSON text.
  /// - Parameter value: the value.
  /// - Returns: the text.
  public static func serialize(_ value: JSONValue) -> String {
    var output = ""
    write(value, to: &output)
    return output
  }

  private static func write(_ value: JSONValue, to output: inout String) {
    switch value {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .integer(let number): output += String(number)
    case .unsignedInteger(let number): output += String(number)
    case .number(let number): output += format(number)
    case .string(let text): writeString(text, to: &output)
    case .array(let elements):
      output += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { output += "," }
        write(element, to: &output)
      }
      output += "]"
    case .object(let members):
      output += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { output += "," }
        writeString(member.0, to: &output)
        output += ":"
        write(member.1, to: &output)
      }
      output += "}"
    }
  }

  /// A double in the shortest form that round-trips (`0.1`, `1.0`, `1e-05`), or a non-finite token.
  /// - Parameter number: the value.
  /// - Returns: the text.
  public static func format(_ number: Double) -> String {
    if number.isNaN { return "NaN" }
    if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
    return number.description
  }

  private static func writeString(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
