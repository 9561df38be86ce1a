/// The ZIP container of `.npz` files: stored members, as `np.savez` writes them, or deflated ones (method 8),
/// as `np.savez_compressed` writes them (through zlib, `Deflate`).
///
/// The reader takes member sizes from the central directory (with ZIP64 extra fields, which Python's
/// `zipfile` writes for `np.savez`), checks every offset against the file, refuses trailing bytes, other
/// compression methods, encryption and duplicate names, bounds every inflated size before allocating it, and
/// verifies each member's CRC-32.
public enum ZIPArchive {
  /// One member: name and contents.
  public struct Member: Sendable, Equatable {
    /// The member's file name, e.g. `observations.npy`.
    public let name: String
    /// The member's bytes.
    public let bytes: [UInt8]

    /// Creates a member.
    public init(name: String, bytes: [UInt8]) {
      self.name = name
      self.bytes = bytes
    }
  }

  static let maximumMembers = 4096

  /// The bytes of an archive holding `members`, stored or deflated.
  /// - Parameters:
  ///   - members: the members, written in order (each below 4 GiB).
  ///   - compress: deflate every member (method 8, as `np.savez_compressed`); otherwise store them (`np.savez`).
  /// - Returns: the archive.
  public static func write(_ members: [Member], compress: Bool = false) -> [UInt8] {
    var output: [UInt8] = []
    var central: [UInt8] = []
    for member in members {
      let name = Array(member.name.utf8)
      let crc = CRC32.checksum(member.bytes)
      let data = compress ? Deflate.deflate(member.bytes) : member.bytes
      let method = UInt16(compress ? 8 : 0)
      let offset = UInt32(output.count)
      output.appendLE(UInt32(0x0403_4B50))
      output.appendLE(UInt16(20)); output.appendLE(UInt16(0)); output.appendLE(method)  // version, flags, method
      output.appendLE(UInt16(0)); output.appendLE(UInt16(0x21))  // time, date (1980-01-01)
      output.appendLE(crc); output.appendLE(UInt32(data.count)); output.appendLE(UInt32(member.bytes.count))
      output.appendLE(UInt16(name.count)); output.appendLE(UInt16(0))
      output += name
      output += data
      central.appendLE(UInt32(0x0201_4B50))
      central.appendLE(UInt16(20)); central.appendLE(UInt16(20)); central.appendLE(UInt16(0)); central.appendLE(method)
      central.appendLE(UInt16(0)); central.appendLE(UInt16(0x21))
      central.appendLE(crc); central.appendLE(UInt32(data.count)); central.appendLE(UInt32(member.bytes.count))
      central.appendLE(UInt16(name.count)); central.appendLE(UInt16(0)); central.appendLE(UInt16(0))
      central.appendLE(UInt16(0)); central.appendLE(UInt16(0)); central.appendLE(UInt32(0o100644 << 16))
      central.appendLE(offset)
      central += name
    }
    let centralOffset = UInt32(output.count)
    output += central
    output.appendLE(UInt32(0x0605_4B50))
    output.appendLE(UInt16(0)); output.appendLE(UInt16(0))
    output.appendLE(UInt16(members.count)); output.appendLE(UInt16(members.count))
    output.appendLE(UInt32(central.count)); output.appendLE(centralOffset); output.appendLE(UInt16(0))
    return output
  }

  /// Reads every member of an archive.
  /// - Parameters:
  ///   - bytes: the archive.
  ///   - path: the file, for errors.
  /// - Returns: the members in central-directory order.
  /// - Throws: `DatasetError.malformedArchive` naming the problem.
  public static func read(_ bytes: [UInt8], path: String) throws(DatasetError) -> [Member] {
    var reader = ZIPReader(bytes: bytes, path: path)
    return try reader.members()
  }
}

/// Validating parse of a ZIP file's end record, central directory and local headers.
struct ZIPReader {
  let bytes: [UInt8]
  let path: String

  func fail(_ reason: String) -> DatasetError { .malformedArchive(path: path, reason: reason) }

  func u16(_ offset: Int) throws(DatasetError) -> Int {
    guard offset >= 0, offset + 2 <= bytes.count else { throw fail("truncated at byte \(offset)") }
    return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
  }

  func u32(_ offset: Int) throws(DatasetError) -> Int {
    try u16(offset) | (try u16(offset + 2)) << 16
  }

  func u64(_ offset: Int) throws(DatasetError) -> Int {
    let low = try u32(offset)
    let high = try u32(offset + 4)
    guard high < 1 << 30 else { throw fail("64-bit field too large at byte \(offset)") }
    return low | high << 32
  }

  /// The end-of-central-directory record: it must end the file exactly (no trailing bytes).
  func endRecord() throws(DatasetError) -> (count: Int, size: Int, offset: Int, position: Int) {
    guard bytes.count >= 22 else { throw fail("file of \(bytes.count) bytes is too short") }
    var position = bytes.count - 22
    let lowest = max(0, bytes.count - 22 - 0xFFFF)
    while position >= lowest {
      if try u32(position) == 0x0605_4B50, try position + 22 + u16(position + 20) == bytes.count { break }
      position -= 1
    }
    guard position >= lowest else { throw fail("no end-of-central-directory record (truncated or trailing bytes)") }
    guard try u16(position + 4) == 0, try u16(position + 6) == 0 else { throw fail("multi-disk archives are not supported") }
    var count = try u16(position + 10)
    var size = try u32(position + 12)
    var offset = try u32(position + 16)
    if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
      let locator = position - 20
      guard try u32(locator) == 0x0706_4B50 else { throw fail("missing ZIP64 locator") }
      let record = try u64(locator + 8)
      guard record >= 0, record + 56 <= locator, try u32(record) == 0x0606_4B50 else { throw fail("bad ZIP64 end record") }
      count = try u64(record + 32)
      size = try u64(record + 40)
      offset = try u64(record + 48)
      position = record
    }
    guard count <= ZIPArchive.maximumMembers else { throw fail("\(count) members exceed the limit") }
    guard offset >= 0, size >= 0, offset + size <= position else { throw fail("central directory outside the file") }
    return (count, size, offset, position)
  }

  mutating func members() throws(DatasetError) -> [ZIPArchive.Member] {
    let end = try endRecord()
    var cursor = end.offset
    var members: [ZIPArchive.Member] = []
    var names = Set<String>()
    var dataRanges: [Range<Int>] = []
    for _ in 0..<end.count {
      let entry = try centralEntry(at: cursor, centralOffset: end.offset)
      cursor = entry.next
      guard names.insert(entry.name).inserted else { throw fail("duplicate member '\(entry.name)'") }
      guard !dataRanges.contains(where: { $0.overlaps(entry.range) }) else { throw fail("overlapping members") }
      dataRanges.append(entry.range)
      let data: [UInt8]
      if entry.deflated {
        do { data = try Deflate.inflate(bytes[entry.range], size: entry.size) } catch { throw fail("member '\(entry.name)' \(error.reason)") }
      } else {
        data = Array(bytes[entry.range])
      }
      guard CRC32.checksum(data) == entry.crc else { throw fail("CRC-32 mismatch in '\(entry.name)'") }
      members.append(ZIPArchive.Member(name: entry.name, bytes: data))
    }
    guard cursor == end.offset + end.size else { throw fail("central directory size does not match its entries") }
    return members
  }

  /// One central-directory entry: the data range its local header points to (the stored bytes or the deflate
  /// stream), its uncompressed size and method.
  func centralEntry(at offset: Int, centralOffset: Int) throws(DatasetError) -> (
    name: String, crc: UInt32, range: Range<Int>, size: Int, deflated: Bool, next: Int
  ) {
    guard try u32(offset) == 0x0201_4B50 else { throw fail("bad central directory signature at byte \(offset)") }
    let flags = try u16(offset + 8)
    let method = try u16(offset + 10)
    let crc = UInt32(try u32(offset + 16))
    var compressed = try u32(offset + 20)
    var size = try u32(offset + 24)
    let nameLength = try u16(offset + 28)
    let extraLength = try u16(offset + 30)
    let commentLength = try u16(offset + 32)
    var local = try u32(offset + 42)
    guard offset + 46 + nameLength + extraLength + commentLength <= centralOffset + (bytes.count - centralOffset) else {
      throw fail("truncated central directory")
    }
    guard flags & 1 == 0 else { throw fail("encrypted members are not supported") }
    guard method == 0 || method == 8 else {
      throw fail("member uses compression method \(method); only stored (np.savez) and deflated (np.savez_compressed) members are supported")
    }
    let nameBytes = bytes[(offset + 46)..<(offset + 46 + nameLength)]
    guard let name = String(validating: nameBytes, as: UTF8.self) else { throw fail("member name is not UTF-8") }
    try applyZIP64(
      extra: (offset + 46 + nameLength)..<(offset + 46 + nameLength + extraLength),
      size: &size, compressed: &compressed, local: &local)
    guard method == 8 || compressed == size else { throw fail("stored member '\(name)' has different sizes") }
    guard method == 0 || (size < 1 << 32 && compressed < 1 << 32) else { throw fail("deflated member '\(name)' is larger than 4 GiB") }
    guard try u32(local) == 0x0403_4B50 else { throw fail("bad local header for '\(name)'") }
    let dataStart = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
    guard dataStart + compressed <= centralOffset else { throw fail("member '\(name)' runs past the central directory") }
    return (name, crc, dataStart..<(dataStart + compressed), size, method == 8, offset + 46 + nameLength + extraLength + commentLength)
  }

  /// Replaces 0xFFFFFFFF sizes and offsets by the ZIP64 extra field's values.
  func applyZIP64(extra: Range<Int>, size: inout Int, compressed: inout Int, local: inout Int) throws(DatasetError) {
    var cursor = extra.lowerBound
    while cursor + 4 <= extra.upperBound {
      let id = try u16(cursor)
      let length = try u16(cursor + 2)
      guard cursor + 4 + length <= extra.upperBound else { throw fail("truncated extra field") }
      if id == 0x0001 {
        var field = cursor + 4
        for value in [0, 1, 2] {
          let isSet: Bool
          switch value {
          case 0: isSet = size == 0xFFFF_FFFF
          case 1: isSet = compressed == 0xFFFF_FFFF
          default: isSet = local == 0xFFFF_FFFF
          }
          guard isSet else { continue }
          guard field + 8 <= cursor + 4 + length else { throw fail("short ZIP64 extra field") }
          let wide = try u64(field)
          if value == 0 { size = wide } else if value == 1 { compressed = wide } else { local = wide }
          field += 8
        }
      }
      cursor += 4 + length
    }
    if size == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF { throw fail("missing ZIP64 sizes") }
  }
}

extension Array where Element == UInt8 {
  mutating func appendLE(_ value: UInt16) {
    append(UInt8(value & 0xFF))
    append(UInt8(value >> 8))
  }

  mutating func appendLE(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
  }
}

/// CRC-32 (IEEE 802.3, reflected, as ZIP uses).
enum CRC32 {
  static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }
}
