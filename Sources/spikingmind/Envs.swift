import ArgumentParser
import Foundation
import RLCore

/// `spikingmind envs`: lists the registry.
struct Envs: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the registered environments: id, spaces, time limit, reward threshold.")

  @Flag(help: "Print JSON instead of a table.")
  var json = false

  func run() throws {
    let registry: EnvironmentRegistry
    do { registry = try StandardRegistry.make() } catch { throw CommandError(error) }
    var rows: [EnvironmentRow] = []
    for spec in registry.specs {
      let environment: any Environment
      do { environment = try spec.makeEnvironment(spec.defaultOptions) } catch { throw CommandError(error) }
      rows.append(
        EnvironmentRow(
          id: spec.id, observationSpace: environment.observationSpace.summary,
          actionSpace: environment.actionSpace.summary, maxEpisodeSteps: spec.maxEpisodeSteps,
          rewardThreshold: spec.rewardThreshold, summary: spec.summary))
    }
    if json {
      print(try JSONOutput.encode(rows))
      return
    }
    let header = ["id", "action space", "observation space", "max steps", "threshold"]
    let table = rows.map {
      [
        $0.id, $0.actionSpace, $0.observationSpace, $0.maxEpisodeSteps.map(String.init) ?? "-",
        $0.rewardThreshold.map { String($0) } ?? "-",
      ]
    }
    print(TextTable.render(header: header, rows: table))
  }
}

/// One row of `spikingmind envs`.
struct EnvironmentRow: Codable {
  let id: String
  let observationSpace: String
  let actionSpace: String
  let maxEpisodeSteps: Int?
  let rewardThreshold: Double?
  let summary: String
}
