public import ArgumentParser
public import DatasetInterchange
import Foundation
import RLCore
import Trajectories

/// `spikingmind dataset import FILE --env E --out X.npz`: a D4RL or Minari HDF5 file as our `.npz`.
struct DatasetImport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Convert a D4RL or Minari HDF5 dataset into a .npz, checked against the environment's spaces.",
    discussion: """
      D4RL: root datasets observations, actions, rewards, terminals, timeouts (infos/* and next_observations are \
      ignored); episodes end at terminals (terminated) or timeouts (truncated). Minari: the dataset directory, its \
      data directory or main_data.hdf5; one group per episode. The result records its source in the metadata.
      """)

  @Argument(help: "The HDF5 file (or Minari dataset directory).")
  var file: String

  @Option(help: "d4rl or minari (default: detected from the file).")
  var format: DatasetReader.Format?

  @Option(help: "Environment id the data comes from, e.g. Pendulum-v1.")
  var env: String

  @Option(help: "The .npz to write.")
  var out: String

  @Flag(help: "Deflate the arrays (np.savez_compressed).")
  var compress = false

  func run() throws {
    try OutputPath.check(out)
    if format == .npz { throw CommandError(message: "--format npz: the file is already a .npz (use `dataset merge` to copy it)") }
    do {
      let registry = try StandardRegistry.make()
      let spec = try registry.spec(env)
      let dataset = try DatasetReader.read(file, format: format, spec: spec, environment: try registry.make(spec.id))
      try DatasetFile.write(dataset, to: out, compress: compress)
      let returns = dataset.metadata.returns
      print("wrote \(out): \(dataset.metadata.episodes) episodes, \(dataset.count) steps of \(spec.id), return "
        + String(format: "%.2f ± %.2f", returns.mean, returns.std) + " (from \(dataset.metadata.source?["format"] ?? "?"))")
    } catch {
      throw CommandError(error)
    }
  }
}

extension DatasetReader.Format: ExpressibleByArgument {}
