/// Encodes and decodes the `.npy` format (versions 1.0–3.0), without any pickle path.
///
/// Layout: magic `\x93NUMPY`, major and minor version bytes, a header length (u16 LE in 1.0, u32 LE in
/// 2.0/3.0), a Python dict literal with exactly the keys `descr`, `fortran_order`, `shape`, padded
/// with spaces and a newline so the data starts at a multiple of 64, then the data in C order.
/// The reader refuses headers over 10,000 bytes (numpy's limit), object and big-endian dtypes,
/// Fortran order, shapes whose byte count overflows, and data shorter or longer than the shape says.
public enum NPYCodec {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
  static let maximumHeaderSize = 10_000

  /// The `.npy` bytes of an array (version 1.0, 64-byte aligned data).
  public static func encode(_ array: NPYArray) -> [UInt8] {
    let shapeText =
      array.shape.isEmpty
      ? "()" : "(" + array.shape.map(String.init).joined(separator: ", ") + (array.shape.count == 1 ? ",)" : ")")
    var header = "{'descr': '\(array.dtype)', 'fortran_order': False, 'shape': \(shapeText), }"
    let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    let length = UInt16(header.utf8.count)
    return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + array.bytes
  }

  /// Decodes an `.npy` member.
  /// - Parameters:
  ///   - bytes: the member's bytes.
  ///   - field: the array name, for errors.
  ///   - path: the file, for errors.
  /// - Returns: the array.
  /// - Throws: `DatasetError.malformedArray` naming the problem.
  public static func decode(_ bytes: [UInt8], field: String, path: String) throws(DatasetError) -> NPYArray {
    func fail(_ reason: String) -> DatasetError { .malformedArray(path: path, field: field, reason: reason) }
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("missing the \\x93NUMPY magic") }
    let major = bytes[6]
    let (headerLength, headerStart): (Int, Int)
    switch major {
    case 1: (headerLength, headerStart) = (Int(bytes[8]) | Int(bytes[9]) << 8, 10)
    case 2, 3:
      guard bytes.count >= 12 else { throw fail("truncated header length") }
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    default: throw fail("unsupported format version \(major).\(bytes[7])")
    }
    guard headerLength <= maximumHeaderSize else { throw fail("header of \(headerLength) bytes exceeds 10000") }
    guard bytes.count >= headerStart + headerLength else { throw fail("truncated header") }
    let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
    guard let text = String(validating: headerBytes, as: UTF8.self) else { throw fail("header is not text") }
    let header = try NPYHeader.parse(text, fail: fail)
    guard let dtype = NPYArray.DType(descr: header.descr) else {
      throw fail(header.descr.contains("O") ? "object arrays (pickles) are refused" : "unsupported dtype \(header.descr)")
    }
    guard !header.fortranOrder else { throw fail("Fortran-order arrays are not supported") }
    var count = 1
    for dimension in header.shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard dimension >= 0, !overflow else { throw fail("shape \(header.shape) overflows") }
      count = product
    }
    let (size, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    let dataStart = headerStart + headerLength
    guard !overflow, size == bytes.count - dataStart else {
      throw fail("shape \(header.shape) needs \(size) data bytes, the member has \(bytes.count - dataStart)")
    }
    return NPYArray(dtype: dtype, shape: header.shape, bytes: Array(bytes[dataStart...]))
  }
}

/// The parsed header dict of an `.npy` file.
struct NPYHeader {
  var descr: String
  var fortranOrder: Bool
  var shape: [Int]

  /// Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` (keys in any order).
  static func parse(_ text: String, fail: (String) -> DatasetError) throws(DatasetError) -> NPYHeader {
    var scanner = Scanner(Array(text.utf8))
    var descr: String?
    var fortranOrder: Bool?
    var shape: [Int]?
    guard scanner.consume("{") else { throw fail("header is not a dict") }
    while !scanner.consume("}") {
      guard let key = scanner.quoted(), scanner.consume(":") else { throw fail("malformed header entry") }
      switch key {
      case "descr" where descr == nil: descr = scanner.quoted()
      case "fortran_order" where fortranOrder == nil:
        fortranOrder = scanner.consumeWord("True") ? true : scanner.consumeWord("False") ? false : nil
      case "shape" where shape == nil: shape = scanner.tuple()
      default: throw fail("unexpected or repeated header key '\(key)'")
      }
      guard descr != nil || key != "descr", fortranOrder != nil || key != "fortran_order", shape != nil || key != "shape"
      else { throw fail("malformed value for '\(key)'") }
      _ = scanner.consume(",")
    }
    guard scanner.atEnd else { throw fail("trailing characters after the header dict") }
    guard let descr, let fortranOrder, let shape else {
      throw fail("header needs exactly the keys descr, fortran_order and shape")
    }
    return NPYHeader(descr: descr, fortranOrder: fortranOrder, shape: shape)
  }

  /// A cursor over header bytes that skips whitespace before every token.
  struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool {
      mutating get {
        skipSpace()
        return index == bytes.count
      }
    }

    mutating func skipSpace() {
      while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 { index += 1 }
    }

    mutating func consume(_ token: Character) -> Bool {
      skipSpace()
      guard index < bytes.count, let ascii = token.asciiValue, bytes[index] == ascii else { return false }
      index += 1
      return true
    }

    mutating func consumeWord(_ word: String) -> Bool {
      skipSpace()
      let utf8 = Array(word.utf8)
      guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
      index += utf8.count
      return true
    }

    mutating func quoted() -> String? {
      skipSpace()
      guard index < bytes.count, bytes[index] == 0x27 || bytes[index] == 0x22 else { return nil }
      let quote = bytes[index]
      guard let end = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
      let text = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
      index = end + 1
      return text
    }

    mutating func tuple() -> [Int]? {
      guard consume("(") else { return nil }
      var values: [Int] = []
      while !consume(")") {
        skipSpace()
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        guard index > start, index - start < 19, let value = Int(String(decoding: bytes[start..<index], as: UTF8.self))
        else { return nil }
        values.append(value)
        if !consume(",") {
          guard consume(")") else { return nil }
          return values
        }
      }
      return values
    }
  }
}
