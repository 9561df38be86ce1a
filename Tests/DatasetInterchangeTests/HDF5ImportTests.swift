import ClassicControl
@testable import DatasetInterchange
import Foundation
import RLCore
import Testing
import Trajectories

/// D4RL and Minari files written by h5py and minari (Fixtures/make_hdf5_fixtures.py) read back with their values;
/// our D4RL export reads back the same; corrupt files are typed errors.
@Suite struct HDF5ImportTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

  static func environment(_ id: String) throws -> (EnvironmentSpec, any Environment) {
    let registry = try EnvironmentRegistry(ClassicControl.specs)
    return (try registry.spec(id), try registry.make(id))
  }

  /// The expected arrays of a fixture (as float64 lists).
  static func expected(_ name: String) throws -> [String: [Double]] {
    let data = try Data(contentsOf: fixtures.appendingPathComponent("expected.json"))
    let all = try JSONDecoder().decode([String: [String: [Double]]].self, from: data)
    return try #require(all[name])
  }

  static func check(_ dataset: TrajectoryDataset, against name: String) throws {
    let expected = try Self.expected(name)
    #expect(dataset.observations == expected["observations"]?.map { Float($0) })
    #expect(dataset.actions == expected["actions"]?.map { Float($0) })
    #expect(dataset.rewards == expected["rewards"]?.map { Float($0) })
    #expect(dataset.terminals == expected["terminals"]?.map { $0 == 1 })
    let ends = zip(expected["terminals"] ?? [], expected["timeouts"] ?? []).map { $0 == 1 || $1 == 1 }
    #expect(dataset.episodeRanges.map { $0.upperBound - 1 } == ends.indices.filter { ends[$0] })
  }

  @Test func readsD4RLFilesWrittenByH5py() throws {
    let (cartPole, cartPoleEnv) = try Self.environment("CartPole-v1")
    let d4rl = try D4RLLayout.read(Self.fixture("d4rl_cartpole.hdf5"), spec: cartPole, environment: cartPoleEnv)
    try Self.check(d4rl, against: "d4rl_cartpole")
    #expect(d4rl.metadata.source?["format"] == "d4rl" && d4rl.metadata.envID == "CartPole-v1")
    #expect(d4rl.metadata.expertReturn == cartPole.expert?.expertReturn)
    let (pendulum, pendulumEnv) = try Self.environment("Pendulum-v1")
    // Float32 terminals, as older D4RL files store them; episodes cut by timeouts only.
    let floats = try D4RLLayout.read(Self.fixture("d4rl_pendulum.hdf5"), spec: pendulum, environment: pendulumEnv)
    try Self.check(floats, against: "d4rl_pendulum")
    #expect(floats.episodeRanges.count == 2 && floats.terminals.allSatisfy { !$0 })
  }

  @Test func readsAMinariDatasetMadeByMinari() throws {
    let (pendulum, environment) = try Self.environment("Pendulum-v1")
    for path in ["minari_pendulum", "minari_pendulum/data", "minari_pendulum/data/main_data.hdf5"] {
      let dataset = try MinariLayout.read(Self.fixture(path), spec: pendulum, environment: environment)
      try Self.check(dataset, against: "minari_pendulum")
      #expect(dataset.metadata.randomReturn == -1500 && dataset.metadata.expertReturn == -150)
      #expect(dataset.metadata.source?["dataset_id"] == "pendulum/random-v0")
      #expect(dataset.timeouts.filter { $0 }.count == 2)
    }
  }

  @Test func d4rlExportReadsBackTheSameEpisodes() throws {
    let (spec, environment) = try Self.environment("CartPole-v1")
    let original = try D4RLLayout.read(Self.fixture("d4rl_cartpole.hdf5"), spec: spec, environment: environment)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("d4rl-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("out.hdf5").path
    try D4RLLayout.write(original, to: path)
    let back = try D4RLLayout.read(path, spec: spec, environment: environment)
    #expect(back.observations == original.observations && back.actions == original.actions && back.rewards == original.rewards)
    #expect(back.terminals == original.terminals && back.timeouts == original.timeouts && back.episodeStarts == original.episodeStarts)
    #expect(back.metadata.quality == original.metadata.quality && back.metadata.checksum == original.metadata.checksum)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.hdf5"], "no temporary file left")
  }

  @Test func minariExportReadsBackWithFinalObservationsAndNeedsThem() throws {
    let (spec, environment) = try Self.environment("Pendulum-v1")
    let original = try MinariLayout.read(Self.fixture("minari_pendulum"), spec: spec, environment: environment)
    #expect(original.finalObservations.count == 2 * 3, "Minari's N + 1st observations are kept")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minari-\(UUID())")
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("pendulum/copy-v0").path
    try MinariLayout.write(original, to: out, datasetID: "pendulum/copy-v0", spec: spec, environment: environment)
    let back = try MinariLayout.read(out, spec: spec, environment: environment)
    #expect(back.observations == original.observations && back.finalObservations == original.finalObservations)
    #expect(back.actions == original.actions && back.rewards == original.rewards && back.timeouts == original.timeouts)
    #expect(back.metadata.randomReturn == original.metadata.randomReturn && back.metadata.source?["dataset_id"] == "pendulum/copy-v0")
    // Through D4RL's next_observations too.
    let d4rl = directory.appendingPathComponent("copy.hdf5").path
    try D4RLLayout.write(original, to: d4rl)
    #expect(try D4RLLayout.read(d4rl, spec: spec, environment: environment).finalObservations == original.finalObservations)
    // Not over an existing directory; not without final observations.
    #expect(throws: InterchangeError.self) {
      try MinariLayout.write(original, to: out, datasetID: "x/y-v0", spec: spec, environment: environment)
    }
    var bare = original
    bare.finalObservations = []
    #expect {
      try MinariLayout.write(bare, to: directory.appendingPathComponent("bare").path, datasetID: "x/y-v0", spec: spec, environment: environment)
    } throws: { ($0 as? InterchangeError)?.description.contains("final observation") == true }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["copy.hdf5", "pendulum"], "no temporary left")
  }

  /// The error of reading `path` with the D4RL layout as `id`.
  static func failure(_ path: String, as id: String = "CartPole-v1", minari: Bool = false) throws -> InterchangeError? {
    let (spec, environment) = try Self.environment(id)
    do {
      _ = minari ? try MinariLayout.read(path, spec: spec, environment: environment) : try D4RLLayout.read(path, spec: spec, environment: environment)
      return nil
    } catch { return error }
  }

  @Test func corruptOrMismatchedFilesAreTypedErrors() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let bytes = try Data(contentsOf: Self.fixtures.appendingPathComponent("d4rl_cartpole.hdf5"))
    for cut in [100, bytes.count / 2, bytes.count - 200] {
      let path = directory.appendingPathComponent("cut-\(cut).hdf5").path
      try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
      guard case .hdf5 = try Self.failure(path) else { Issue.record("a file cut at \(cut) bytes must be an HDF5 error"); continue }
    }
    let notHDF5 = directory.appendingPathComponent("x.hdf5").path
    try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: notHDF5))
    #expect(try Self.failure(notHDF5)?.description.contains("not an HDF5 file") == true)
    #expect(try Self.failure(directory.appendingPathComponent("none.hdf5").path)?.description.contains("no such file") == true)
    // CartPole data read as Pendulum: observation width 4 vs 3.
    guard case .layout(_, "observations", let reason) = try Self.failure(Self.fixture("d4rl_cartpole.hdf5"), as: "Pendulum-v1") else {
      Issue.record("a shape disagreeing with the environment must be a layout error"); return
    }
    #expect(reason.contains("expected [36, 3]"))
    // Float Pendulum actions where CartPole wants integers in {0, 1}.
    #expect(try Self.failure(Self.fixture("d4rl_pendulum.hdf5"))?.description.contains("observations") == true)
    // A Minari file of Pendulum-v1 asked for as CartPole-v1, and a D4RL file read as Minari.
    #expect(try Self.failure(Self.fixture("minari_pendulum"), minari: true)?.description.contains("names Pendulum-v1") == true)
    #expect(try Self.failure(Self.fixture("d4rl_cartpole.hdf5"), minari: true)?.description.contains("no episode_<id> groups") == true)
    // Wrong dtypes: boolean observations; fractional actions for CartPole's Discrete(2).
    for (observations, actions, message) in [(true, [0.0, 1.0], "holds booleans"), (false, [0.0, 1.5], "not an action")] {
      let path = directory.appendingPathComponent("dtype-\(observations).hdf5").path
      let file = try HDF5File.create(path)
      if observations { try file.write("/observations", booleans: Array(repeating: true, count: 8)) } else {
        try file.write("/observations", floats: Array(repeating: 0.1, count: 8), shape: [2, 4])
      }
      try file.write("/actions", doubles: actions, shape: [2])
      try file.write("/rewards", floats: [1, 1], shape: [2])
      try file.write("/terminals", booleans: [false, true])
      try file.flush()
      let error = try Self.failure(path)
      #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }
    // 16 GB declared, nothing stored: refused before allocating.
    #expect(try Self.failure(Self.fixture("d4rl_hollow.hdf5"))?.description.contains("declares") == true)
  }
}
