import ClassicControl
import Foundation
import RLCore
import Testing

@testable import Trajectories

@Suite struct DatasetFileTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func smallDataset() -> TrajectoryDataset {
    let episodes = [
      Episode(observations: [[0, 1, 2, 3], [4, 5, 6, 7]], actions: [[1], [0]], rewards: [1, 1], terminated: true, truncated: false),
      Episode(observations: [[8, 9, 10, 11]], actions: [[1]], rewards: [1], terminated: false, truncated: true),
    ]
    let metadata = DatasetMetadata(
      envID: "CartPole-v1", envOptions: [:], expert: "test", quality: "expert", seed: 3, episodes: 0, steps: 0,
      actionKind: "discrete", observationDimension: 0, actionDimension: 0, returns: .init([]), randomReturn: 0,
      expertReturn: 500, toolkitVersion: Toolkit.version, checksum: "")
    return TrajectoryDataset(episodes: episodes, observationDimension: 4, actionDimension: 1, metadata: metadata)
  }

  static func encoded(_ dataset: TrajectoryDataset, compress: Bool = false) throws -> [UInt8] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ds-\(UUID()).npz")
    defer { try? FileManager.default.removeItem(at: url) }
    try DatasetFile.write(dataset, to: url.path, compress: compress)
    return [UInt8](try Data(contentsOf: url))
  }

  @Test func readsAFileWrittenByNumpy() throws {
    let dataset = try DatasetFile.read(Self.fixtures.appendingPathComponent("numpy_written.npz").path)
    #expect(dataset.count == 5 && dataset.observationDimension == 4)
    #expect(dataset.observations.prefix(4) == [0.01, 0.02, -0.03, 0.04])
    #expect(dataset.actions == [1, 0, 1, 0, 1])
    #expect(dataset.episodeRanges == [0..<3, 3..<5])
    #expect(dataset.terminals == [false, false, true, false, false] && dataset.timeouts.last == true)
    #expect(dataset.metadata.envID == "CartPole-v1" && dataset.metadata.seed == 7)
    try dataset.validate(against: CartPole(), path: "numpy_written.npz")
  }

  @Test func readsACompressedFileWrittenByNumpy() throws {
    let compressed = try DatasetFile.read(Self.fixtures.appendingPathComponent("numpy_compressed.npz").path)
    #expect(compressed == (try DatasetFile.read(Self.fixtures.appendingPathComponent("numpy_written.npz").path)))
    let bytes = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("numpy_compressed.npz")))
    #expect(Self.centralEntries(bytes).allSatisfy { Self.u16(bytes, $0 + 10) == 8 }, "the fixture's members are deflated")
  }

  /// The offsets of the central-directory entries.
  static func centralEntries(_ bytes: [UInt8]) -> [Int] {
    (0..<(bytes.count - 4)).filter { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }
  }

  static func u16(_ bytes: [UInt8], _ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }

  @Test func compressedMembersRoundTripAndEveryCorruptionIsATypedError() throws {
    let dataset = Self.smallDataset()
    let bytes = try Self.encoded(dataset, compress: true)
    #expect(bytes.count < (try Self.encoded(dataset)).count)
    #expect(try DatasetFile.decode(bytes, path: "mem") == dataset)
    for length in stride(from: 0, to: bytes.count, by: 7) {
      #expect(throws: DatasetError.self) { try DatasetFile.decode(Array(bytes[0..<length]), path: "cut") }
    }
    for position in 0..<bytes.count {
      var corrupted = bytes
      corrupted[position] ^= 0x5A
      if let decoded = try? DatasetFile.decode(corrupted, path: "flip") { #expect(decoded == dataset, "byte \(position)") }
    }
  }

  @Test func aBadCRCOrAZipBombIsRefusedBeforeInflating() throws {
    let bytes = try Self.encoded(Self.smallDataset(), compress: true)
    let entry = try #require(Self.centralEntries(bytes).first)
    func reason(_ archive: [UInt8]) -> String {
      do { _ = try DatasetFile.decode(archive, path: "x.npz"); return "accepted" } catch {
        guard case .malformedArchive(_, let reason) = error else { return "\(error)" }
        return reason
      }
    }
    var badCRC = bytes
    badCRC[entry + 16] ^= 0xFF
    #expect(reason(badCRC).contains("CRC-32 mismatch"))
    // A member declaring 2 GiB from a few hundred compressed bytes: refused without allocating it.
    var bomb = bytes
    for (i, byte) in [UInt8(0), 0, 0, 0x80].enumerated() { bomb[entry + 24 + i] = byte }
    #expect(reason(bomb).contains("more than deflate can expand to"), "\(reason(bomb))")
    // Declared smaller than the stream inflates to.
    var short = bytes
    for (i, byte) in [UInt8(10), 0, 0, 0].enumerated() { short[entry + 24 + i] = byte }
    #expect(reason(short).contains("more than the declared 10 bytes"), "\(reason(short))")
    // An unknown method.
    var method = bytes
    method[entry + 10] = 12
    #expect(reason(method).contains("compression method 12"))
  }

  @Test func finalObservationsRoundTripAndAreChecked() throws {
    var dataset = Self.smallDataset()
    #expect(dataset.finalObservations.isEmpty, "episodes without a final observation give none")
    let episodes = [
      Episode(observations: [[0, 1, 2, 3]], actions: [[1]], rewards: [1], terminated: true, truncated: false, finalObservation: [4, 5, 6, 7]),
      Episode(observations: [[8, 9, 10, 11]], actions: [[0]], rewards: [1], terminated: false, truncated: true, finalObservation: [1, 2, 3, 4]),
    ]
    dataset = TrajectoryDataset(episodes: episodes, observationDimension: 4, actionDimension: 1, metadata: dataset.metadata)
    #expect(dataset.finalObservations == [4, 5, 6, 7, 1, 2, 3, 4])
    let bytes = try Self.encoded(dataset)
    #expect(try DatasetFile.decode(bytes, path: "mem") == dataset)
    #expect(dataset.checksum != Self.smallDataset().checksum)
    // A final-observation row per episode, or the file is refused.
    var wrong = dataset
    wrong.finalObservations = [1, 2, 3, 4]
    wrong.metadata.checksum = wrong.checksum
    #expect(throws: DatasetError.self) { try DatasetFile.decode(try Self.encoded(wrong), path: "rows") }
  }

  @Test func roundTripsBitForBit() throws {
    let dataset = Self.smallDataset()
    let bytes = try Self.encoded(dataset)
    let decoded = try DatasetFile.decode(bytes, path: "mem")
    #expect(decoded == dataset)
    #expect(decoded.episodeRanges == [0..<2, 2..<3])
    #expect(decoded.metadata.returns.mean == 1.5)
    #expect(try Self.encoded(decoded) == bytes)
  }

  @Test func everyTruncationIsATypedError() throws {
    let bytes = try Self.encoded(Self.smallDataset())
    for length in 0..<bytes.count {
      #expect(throws: DatasetError.self) { try DatasetFile.decode(Array(bytes[0..<length]), path: "cut") }
    }
    #expect(throws: DatasetError.self) { try DatasetFile.decode(bytes + [0], path: "trailing") }
  }

  @Test func flippedBytesAreRejectedOrHarmless() throws {
    let original = Self.smallDataset()
    let bytes = try Self.encoded(original)
    var rejected = 0
    for position in 0..<bytes.count {
      var corrupted = bytes
      corrupted[position] ^= 0x5A
      if let decoded = try? DatasetFile.decode(corrupted, path: "flip") {
        // Only bytes that carry no content (ZIP timestamps, version fields...) may change silently.
        #expect(decoded == original, "byte \(position) changed the content without an error")
      } else {
        rejected += 1
      }
    }
    // ZIP timestamps, version and attribute fields carry no content; everything else is checked.
    #expect(rejected > bytes.count * 8 / 10)
  }

  @Test func missingFileAndNonZIPAreIOAndArchiveErrors() {
    #expect(throws: DatasetError.io(path: "/no/such.npz", reason: "no such file")) {
      try DatasetFile.read("/no/such.npz")
    }
    #expect(throws: DatasetError.self) { try DatasetFile.decode(Array("not a zip at all".utf8), path: "x") }
  }

  @Test func writingIsAtomicAndCreatesDirectories() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ds-dir-\(UUID())/nested")
    defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
    let path = directory.appendingPathComponent("data.npz").path
    try DatasetFile.write(Self.smallDataset(), to: path)
    #expect(try DatasetFile.read(path) == Self.smallDataset())
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(leftovers == ["data.npz"])
  }
}
