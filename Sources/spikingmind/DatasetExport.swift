import ArgumentParser
import DatasetInterchange
import Foundation
import Trajectories

/// `spikingmind dataset export X.npz --format d4rl --out FILE.hdf5`.
struct DatasetExport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a .npz dataset as a D4RL HDF5 file (h5py reads it; the metadata rides along as JSON).",
    discussion: """
      Minari's layout stores the observation after each episode's last step, which our datasets do not record \
      yet, so only D4RL's layout is offered.
      """)

  /// The layouts `export` writes.
  enum Layout: String, ExpressibleByArgument, CaseIterable { case d4rl }

  @Argument(help: "The .npz dataset.")
  var file: String

  @Option(help: "Layout: d4rl.")
  var format: Layout = .d4rl

  @Option(help: "The HDF5 file to write.")
  var out: String

  func run() throws {
    try OutputPath.check(out)
    let dataset = try DatasetCommand.load(file, env: nil)
    do { try D4RLLayout.write(dataset, to: out) } catch { throw CommandError(error) }
    print("wrote \(out): \(dataset.metadata.episodes) episodes, \(dataset.count) steps (\(format.rawValue) layout)")
  }
}
