import ArgumentParser
import Foundation
import RLCore
import Trajectories

/// `spikingmind dataset`: inspect dataset files.
struct DatasetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dataset", abstract: "Inspect trajectory datasets.", subcommands: [Info.self])

  /// `spikingmind dataset info FILE`.
  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate a dataset file (headers, shapes, checksum, environment spaces) and summarise it.")

    @Argument(help: "The .npz dataset.")
    var file: String

    @Flag(help: "Print the metadata as JSON.")
    var json = false

    func run() throws {
      let dataset: TrajectoryDataset
      do {
        dataset = try DatasetFile.read(file)
        let registry = try StandardRegistry.make()
        let options = dataset.metadata.envOptions.mapValues { OptionValue(parsing: $0) }
        let environment = try registry.make(dataset.metadata.envID, options: options)
        try dataset.validate(against: environment, path: file)
      } catch {
        throw CommandError(error)
      }
      let metadata = dataset.metadata
      if json {
        print(try JSONOutput.encode(metadata))
        return
      }
      let returns = metadata.returns
      print("\(file): \(metadata.format)")
      print("  environment  \(metadata.envID) \(metadata.envOptions.isEmpty ? "" : "\(metadata.envOptions)")")
      print("  policy       \(metadata.expert) (\(metadata.quality)), seed \(metadata.seed)")
      print("  size         \(metadata.episodes) episodes, \(metadata.steps) steps")
      print("  shapes       observations (\(dataset.count), \(dataset.observationDimension)), actions (\(dataset.count), \(dataset.actionDimension)) \(metadata.actionKind)")
      print(String(format: "  returns      %.3f ± %.3f (min %.3f, max %.3f)", returns.mean, returns.std, returns.min, returns.max))
      print("  endings      \(dataset.terminals.filter { $0 }.count) terminated, \(dataset.timeouts.filter { $0 }.count) truncated")
      print("  reference    random \(metadata.randomReturn), expert \(metadata.expertReturn)")
      print("  written by   SpikingMindRL \(metadata.toolkitVersion), checksum \(metadata.checksum) (verified)")
    }
  }
}
