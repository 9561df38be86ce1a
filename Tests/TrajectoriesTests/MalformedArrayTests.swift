import ClassicControl
import Foundation
import RLCore
import Testing

@testable import Trajectories

/// Archives whose ZIP layer is valid but whose `.npy` members or shapes are wrong.
@Suite struct MalformedArrayTests {
  /// The small dataset's members with `field` replaced by `bytes`.
  static func archive(replacing field: String, with bytes: [UInt8]) throws -> [UInt8] {
    let original = try ZIPArchive.read(try DatasetFileTests.encoded(DatasetFileTests.smallDataset()), path: "m")
    let members = original.map { $0.name == "\(field).npy" ? ZIPArchive.Member(name: $0.name, bytes: bytes) : $0 }
    return ZIPArchive.write(members)
  }

  /// An `.npy` file with an arbitrary header and data.
  static func npy(header: String, data: [UInt8]) -> [UInt8] {
    var text = header
    let unpadded = 10 + text.utf8.count + 1
    text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    let length = text.utf8.count
    return NPYCodec.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8) + data
  }

  /// The error decoding `bytes` throws, nil if it decodes.
  static func decodeError(_ bytes: [UInt8]) -> DatasetError? {
    do {
      _ = try DatasetFile.decode(bytes, path: "bad.npz")
      return nil
    } catch {
      return error
    }
  }

  @Test(arguments: [
    ("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", 24, "object arrays"),
    ("{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }", 24, "unsupported dtype"),
    ("{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", 12, "unsupported dtype"),
    ("{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", 12, "Fortran"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': 1, }", 12, "unexpected"),
    ("{'descr': '<f4', 'shape': (3,), }", 12, "exactly the keys"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 12, "needs 16 data bytes"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000000, 100000000000000), }", 12, "overflows"),
    ("[1, 2, 3]", 12, "not a dict"),
  ])
  func badHeadersNameTheField(header: String, dataBytes: Int, message: String) throws {
    let bytes = try Self.archive(replacing: "rewards", with: Self.npy(header: header, data: Array(repeating: 0, count: dataBytes)))
    let description = Self.decodeError(bytes)?.description ?? "no error"
    #expect(description.contains("'rewards'"), "\(description)")
    #expect(description.contains(message), "\(description)")
  }

  @Test func wrongMagicAndVersionAreRejected() throws {
    var member = NPYCodec.encode(NPYArray(float32: [1, 1, 1], shape: [3]))
    member[1] = 0x00
    #expect(throws: DatasetError.self) { try DatasetFile.decode(try Self.archive(replacing: "rewards", with: member), path: "m") }
    member = NPYCodec.encode(NPYArray(float32: [1, 1, 1], shape: [3]))
    member[6] = 4
    #expect(throws: DatasetError.self) { try DatasetFile.decode(try Self.archive(replacing: "rewards", with: member), path: "m") }
  }

  @Test func shapesThatDisagreeNameTheField() throws {
    let short = NPYCodec.encode(NPYArray(float32: [1, 0], shape: [2, 1]))
    #expect(throws: DatasetError.shapeMismatch(path: "m", field: "actions", expected: "(3, ...)", found: "[2, 1]")) {
      try DatasetFile.decode(try Self.archive(replacing: "actions", with: short), path: "m")
    }
    let wrongType = NPYCodec.encode(NPYArray(float32: [0, 0, 1], shape: [3]))
    #expect(throws: DatasetError.wrongDType(path: "m", field: "terminations", expected: "|b1", found: "<f4")) {
      try DatasetFile.decode(try Self.archive(replacing: "terminations", with: wrongType), path: "m")
    }
  }

  @Test func checksumCatchesChangedValues() throws {
    let changed = NPYCodec.encode(NPYArray(float32: [1, 1, 2], shape: [3]))
    let error = Self.decodeError(try Self.archive(replacing: "rewards", with: changed))
    #expect(error?.description.contains("content checksum") == true, "\(String(describing: error))")
  }

  @Test func shapesThatDisagreeWithTheEnvironmentAreRejected() throws {
    let dataset = DatasetFileTests.smallDataset()
    #expect(throws: DatasetError.self) { try dataset.validate(against: Pendulum(), path: "m") }
    #expect(throws: DatasetError.self) { try dataset.validate(against: Acrobot(), path: "m") }
    try dataset.validate(against: CartPole(), path: "m")
    var badAction = dataset
    badAction.actions[1] = 2
    #expect(throws: DatasetError.self) { try badAction.validate(against: CartPole(), path: "m") }
  }
}
