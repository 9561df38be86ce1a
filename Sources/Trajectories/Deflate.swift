import CZlib

/// Raw deflate streams (RFC 1951) of ZIP members, through Debian's zlib: what `np.savez_compressed` writes
/// (ZIP method 8).
///
/// Inflating is bounded by the size the archive declares: the output buffer is allocated once at that size, a
/// stream producing more (or less) is an error, and a declared size beyond deflate's largest possible ratio
/// (1032:1, RFC 1951's longest match per 2-bit code) to the compressed bytes is refused before any allocation, so
/// a "zip bomb" member cannot make the reader allocate more than about a thousand times the file's size.
enum Deflate {
  /// Deflate's largest expansion: a 258-byte match costs at least 2 bits, so the output is below 1032× the input
  /// (plus a small constant for the block headers).
  static let maximumRatio = 1032

  /// The members' compression level (zlib's default, as Python's `zipfile` uses).
  static let level: Int32 = 6

  /// Inflates a raw deflate stream whose uncompressed size is known.
  /// - Parameters:
  ///   - compressed: the stream.
  ///   - size: the declared uncompressed size.
  /// - Returns: exactly `size` bytes.
  /// - Throws: a reason string (the caller adds the path and member name).
  static func inflate(_ compressed: ArraySlice<UInt8>, size: Int) throws(DeflateFailure) -> [UInt8] {
    guard size <= maximumRatio * compressed.count + 1024 else {
      throw DeflateFailure("declares \(size) bytes from \(compressed.count) compressed: more than deflate can expand to")
    }
    var output = [UInt8](repeating: 0, count: size)
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw DeflateFailure("zlib could not start inflating")
    }
    defer { inflateEnd(&stream) }
    var input = Array(compressed)
    // One extra byte of room would be needed to see a stream longer than declared: Z_BUF_ERROR says so.
    let status = finish(&stream, input: &input, output: &output) { CZlib.inflate(&$0, Z_FINISH) }
    switch status {
    case Z_STREAM_END:
      guard Int(stream.total_out) == size else { throw DeflateFailure("inflates to \(stream.total_out) bytes, declared \(size)") }
      guard stream.avail_in == 0 else { throw DeflateFailure("has \(stream.avail_in) bytes after the end of its deflate stream") }
      return output
    case Z_BUF_ERROR:
      throw DeflateFailure(stream.avail_out == 0 ? "inflates to more than the declared \(size) bytes" : "deflate stream is truncated")
    default:
      let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
      throw DeflateFailure("bad deflate stream (\(message))")
    }
  }

  /// Deflates `bytes` into a raw stream at `level`.
  static func deflate(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
      Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { preconditionFailure("zlib deflateInit2 failed with valid parameters") }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
    var input = bytes
    let status = finish(&stream, input: &input, output: &output) { CZlib.deflate(&$0, Z_FINISH) }
    precondition(status == Z_STREAM_END, "deflateBound's buffer is always large enough")
    output.removeSubrange(Int(stream.total_out)...)
    return output
  }
}

extension Deflate {
  /// Points `stream` at the whole of `input` and `output` and runs `step` once (inflate or deflate with Z_FINISH).
  static func finish(
    _ stream: inout z_stream, input: inout [UInt8], output: inout [UInt8], _ step: (inout z_stream) -> Int32
  ) -> Int32 {
    input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { destination in
        stream.next_in = source.baseAddress
        stream.avail_in = UInt32(source.count)
        stream.next_out = destination.baseAddress
        stream.avail_out = UInt32(destination.count)
        return step(&stream)
      }
    }
  }
}

/// Why a deflate stream was refused (without the file and member, which the caller adds).
struct DeflateFailure: Error {
  let reason: String
  init(_ reason: String) { self.reason = reason }
}
