import ArgumentParser
import DatasetInterchange
import Foundation
import Trajectories

/// `spikingmind dataset export X.npz --format d4rl|minari --out PATH`.
struct DatasetExport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a .npz dataset as a D4RL HDF5 file or a Minari dataset directory.",
    discussion: """
      d4rl: one .hdf5 file that h5py reads (observations, actions, rewards, terminals, timeouts, next_observations \
      when known; the metadata as JSON). minari: a Minari 0.5 dataset directory (data/main_data.hdf5 and \
      data/metadata.json); minari.load_dataset(ID) opens it when MINARI_DATASETS_PATH is the folder that holds \
      it under ID (e.g. OUT = $MINARI_DATASETS_PATH/pendulum/expert-v0 for ID pendulum/expert-v0). Minari stores \
      each episode's final observation, recorded by collect-experts since 2026-12-02.
      """)

  /// The layouts `export` writes.
  enum Layout: String, ExpressibleByArgument, CaseIterable { case d4rl, minari }

  @Argument(help: "The dataset (.npz, or HDF5 with --env).")
  var file: String

  @Option(help: "Layout: d4rl or minari.")
  var format: Layout = .d4rl

  @Option(help: "The HDF5 file (d4rl) or dataset directory (minari) to write.")
  var out: String

  @Option(help: "Minari dataset id (default: <env name>/<quality>-v0).")
  var datasetId: String?

  @Option(help: "Environment id of an HDF5 input.")
  var env: String?

  func run() throws {
    try OutputPath.check(out)
    let dataset = try DatasetCommand.load(file, env: env)
    do {
      switch format {
      case .d4rl: try D4RLLayout.write(dataset, to: out)
      case .minari:
        let registry = try StandardRegistry.make()
        let spec = try registry.spec(dataset.metadata.envID)
        let name = spec.id.split(separator: "-v").first.map { $0.lowercased() } ?? spec.id.lowercased()
        let id = datasetId ?? "\(name)/\(dataset.metadata.quality.replacingOccurrences(of: "+", with: "-"))-v0"
        try MinariLayout.write(dataset, to: out, datasetID: id, spec: spec, environment: try registry.make(spec.id))
      }
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
    print("wrote \(out): \(dataset.metadata.episodes) episodes, \(dataset.count) steps (\(format.rawValue) layout)")
  }
}
