import ArgumentParser
import DatasetInterchange
import Foundation
import RLCore
import Trajectories

/// `spikingmind dataset`: inspect, import, export and merge dataset files.
struct DatasetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dataset", abstract: "Inspect, import (D4RL, Minari), export and merge trajectory datasets.",
    subcommands: [Info.self, DatasetImport.self, DatasetExport.self, DatasetMerge.self])

  /// `spikingmind dataset info FILE`.
  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate a dataset file (headers, shapes, checksum, environment spaces) and summarise it.")

    @Argument(help: "The dataset: .npz, or a D4RL/Minari HDF5 file (with --env).")
    var file: String

    @Option(help: "Environment id of an HDF5 file (an .npz names its own).")
    var env: String?

    @Flag(help: "Print the metadata as JSON.")
    var json = false

    func run() throws {
      let dataset = try DatasetCommand.load(file, env: env)
      if json {
        print(try JSONOutput.encode(dataset.metadata))
        return
      }
      print(DatasetSummary(dataset: dataset, file: file).text)
    }
  }

  /// Reads and validates a dataset of any format: `.npz` against the environment its metadata names, HDF5
  /// against `env` (required for those).
  static func load(_ file: String, env: String?) throws -> TrajectoryDataset {
    do {
      let registry = try StandardRegistry.make()
      let format = DatasetReader.format(of: file)
      if format == .npz {
        let dataset = try DatasetFile.read(file)
        let options = dataset.metadata.envOptions.mapValues { OptionValue(parsing: $0) }
        let environment = try registry.make(dataset.metadata.envID, options: options)
        try dataset.validate(against: environment, path: file)
        if let env, try registry.spec(env).id != dataset.metadata.envID {
          throw CommandError(message: "\(file) is a dataset of \(dataset.metadata.envID), not of \(env)")
        }
        return dataset
      }
      guard let env else { throw CommandError(message: "\(file) is a \(format.rawValue) HDF5 file: pass --env E to read it") }
      let spec = try registry.spec(env)
      return try DatasetReader.read(file, format: format, spec: spec, environment: try registry.make(spec.id))
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }
}
