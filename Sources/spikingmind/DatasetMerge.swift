import ArgumentParser
import Foundation
import Trajectories

/// `spikingmind dataset merge A.npz B.npz ... --out M.npz`: episodes of one environment, in order (D4RL's
/// medium-expert is medium + expert).
struct DatasetMerge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge", abstract: "Concatenate datasets of one environment (e.g. medium + expert = medium-expert).")

  @Argument(help: "The datasets (.npz, or HDF5 with --env), in order.")
  var files: [String]

  @Option(help: "Environment id of HDF5 inputs.")
  var env: String?

  @Option(help: "The .npz to write.")
  var out: String

  @Flag(help: "Deflate the arrays (np.savez_compressed).")
  var compress = false

  func validate() throws {
    guard files.count >= 2 else { throw ValidationError("merge needs at least two datasets, got \(files.count)") }
  }

  func run() throws {
    try OutputPath.check(out)
    let datasets = try files.map { try DatasetCommand.load($0, env: env) }
    let first = datasets[0]
    for (file, dataset) in zip(files, datasets).dropFirst() {
      guard dataset.metadata.envID == first.metadata.envID else {
        throw CommandError(message: "\(file) is a dataset of \(dataset.metadata.envID), \(files[0]) of \(first.metadata.envID)")
      }
      guard dataset.observationDimension == first.observationDimension, dataset.actionDimension == first.actionDimension else {
        throw CommandError(message: "\(file) has observations × actions \(dataset.observationDimension) × \(dataset.actionDimension), \(files[0]) \(first.observationDimension) × \(first.actionDimension)")
      }
    }
    var merged = TrajectoryDataset.concatenated(datasets)
    var source = merged.metadata.source ?? [:]
    source["tiers"] = datasets.map { "\($0.metadata.quality):\($0.metadata.episodes)" }.joined(separator: ",")
    source["merged"] = files.map { ($0 as NSString).lastPathComponent }.joined(separator: ",")
    merged.metadata.source = source
    do { try DatasetFile.write(merged, to: out, compress: compress) } catch { throw CommandError(error) }
    print("wrote \(out): \(merged.metadata.episodes) episodes, \(merged.count) steps (\(source["tiers"] ?? ""))")
  }
}
