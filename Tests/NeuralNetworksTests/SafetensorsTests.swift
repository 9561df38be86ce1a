import Foundation
import NeuralNetworks
import Testing
import TensorEngine

@Suite struct SafetensorsTests {
  static let contents = Safetensors.Contents(
    tensors: [
      ("blocks.0.weight", Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])),
      ("blocks.0.bias", Tensor(shape: [3], scalars: [-1, 0.5, .pi])), ("scalar", Tensor(7)),
      ("empty", Tensor(shape: [0, 4], scalars: [])),
    ],
    integers: [
      ("norm.iter", .init(dtype: .i64, shape: [], values: [-3])),
      ("bn.num_batches_tracked", .init(dtype: .i64, shape: [2], values: [Int64.max, 1 << 40])),
      ("attn.local_mask", .init(dtype: .bool, shape: [2, 3], values: [1, 0, 1, 1, 1, 0])),
    ],
    metadata: ["config": "{\"d\": 128}", "step": "3"])

  /// A file with a hand-written header and `data` bytes.
  static func file(header: String, data: [UInt8]) -> [UInt8] {
    var bytes = [UInt8]()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
    return bytes + Array(header.utf8) + data
  }

  @Test func roundTripsAndAligns() throws {
    let bytes = try Safetensors.encode(Self.contents)
    #expect(try Safetensors.decode(bytes) == Self.contents)
    let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(headerLength % 8 == 0)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try Safetensors.write(Self.contents, to: url.path)
    #expect(try Safetensors.read(url.path) == Self.contents)
  }

  @Test func integerAndBooleanTensorsHavePyTorchsLayout() throws {
    let bytes = try Safetensors.encode(Self.contents)
    let decoded = try Safetensors.decode(bytes)
    #expect(decoded.integers.map(\.name) == ["norm.iter", "bn.num_batches_tracked", "attn.local_mask"])
    // The header names the dtypes; I64 is 8 little-endian bytes, BOOL one byte per element.
    let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
    #expect(header.contains(#""dtype":"I64""#) && header.contains(#""dtype":"BOOL""#))
    let data = Array(bytes[(8 + length)...])
    #expect(data.suffix(6) == [1, 0, 1, 1, 1, 0])
    // A BOOL byte other than 0 or 1 is refused.
    let bad = Self.file(header: #"{"m":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}"#, data: [1, 2])
    #expect(throws: SafetensorsError.self) { try Safetensors.decode(bad) }
  }

  @Test func everyTruncationAndTrailingBytesAreRejected() throws {
    let bytes = try Safetensors.encode(Self.contents)
    for length in 0..<bytes.count {
      #expect(throws: SafetensorsError.self) { try Safetensors.decode(Array(bytes[0..<length])) }
    }
    #expect(throws: SafetensorsError.metadataIncompleteBuffer(expected: bytes.count, actual: bytes.count + 1)) {
      try Safetensors.decode(bytes + [0])
    }
  }

  @Test func headerLengthsOutsideTheFileOrTheBoundAreRejected() {
    var huge = [UInt8](repeating: 0xFF, count: 8)
    #expect(throws: SafetensorsError.headerTooLarge(length: UInt64.max)) { try Safetensors.decode(huge) }
    huge = [0x01, 0xE1, 0xF5, 0x05, 0, 0, 0, 0] + Array("{}".utf8)  // 100,000,001
    #expect(throws: SafetensorsError.headerTooLarge(length: 100_000_001)) { try Safetensors.decode(huge) }
    #expect(throws: SafetensorsError.invalidHeaderLength(length: 64, fileSize: 10)) {
      try Safetensors.decode([64, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8))
    }
    #expect(throws: SafetensorsError.headerTooSmall(size: 5)) { try Safetensors.decode([1, 2, 3, 4, 5]) }
  }

  @Test(arguments: [
    (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, 12),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, 12),
    (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8),
    (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8),
    (#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, 8),
    (#"{"a":{"dtype":"Q9","shape":[2],"data_offsets":[0,8]}}"#, 8),
    (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"step":3}}"#, 8),
    (#"{"a":{"dtype":"F32","shape":[2]}}"#, 8),
    (#"[1,2]"#, 0),
    (#"{"a": not json"#, 8),
  ])
  func malformedHeadersAreRejected(header: String, dataBytes: Int) {
    #expect(throws: SafetensorsError.self) {
      try Safetensors.decode(Self.file(header: header, data: Array(repeating: 0, count: dataBytes)))
    }
  }

  @Test func nonUTF8HeadersAreRejected() {
    var bytes = Self.file(header: "{\"a\":1}", data: [])
    bytes[10] = 0xFF
    #expect(throws: SafetensorsError.invalidHeader(reason: "not UTF-8")) { try Safetensors.decode(bytes) }
  }
}
