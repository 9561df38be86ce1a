/// A parsed environment id `[namespace/]Name-vN` (Gymnasium's id grammar).
public struct EnvironmentID: Sendable, Hashable, CustomStringConvertible {
  /// The optional namespace before `/`.
  public let namespace: String?
  /// The name, e.g. `CartPole`.
  public let name: String
  /// The version number, nil for an unversioned id such as `CartPole`.
  public let version: Int?

  /// Parses an id.
  /// - Parameter text: `CartPole-v1`, `CartPole`, or `team/Maze-v0`.
  /// - Returns: nil when the text is not a well-formed id.
  public init?(_ text: String) {
    var rest = Substring(text)
    if let slash = rest.firstIndex(of: "/") {
      let namespace = rest[..<slash]
      guard Self.isIdentifier(namespace) else { return nil }
      self.namespace = String(namespace)
      rest = rest[rest.index(after: slash)...]
    } else {
      namespace = nil
    }
    if let marker = rest.lastRange(of: "-v"),
      !rest[marker.upperBound...].isEmpty, rest[marker.upperBound...].allSatisfy(\.isASCIIDigit),
      let version = Int(rest[marker.upperBound...])
    {
      self.version = version
      rest = rest[..<marker.lowerBound]
    } else {
      version = nil
    }
    guard Self.isIdentifier(rest) else { return nil }
    name = String(rest)
  }

  private static func isIdentifier(_ text: Substring) -> Bool {
    !text.isEmpty
      && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.:".contains($0)) }
  }

  /// The id without its version: `[namespace/]Name`.
  public var unversioned: String { namespace.map { "\($0)/\(name)" } ?? name }

  /// The id as written: `[namespace/]Name[-vN]`.
  public var description: String { unversioned + (version.map { "-v\($0)" } ?? "") }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
  fileprivate func lastRange(of needle: String) -> Range<Index>? {
    var index = endIndex
    while index > startIndex {
      index = self.index(before: index)
      if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
    }
    return nil
  }
}
