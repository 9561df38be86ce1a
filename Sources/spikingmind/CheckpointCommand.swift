import ArgumentParser
import DecisionModels
import Foundation
import Training

/// `spikingmind checkpoint`: inspect a checkpoint, or run its policy on given contexts.
struct CheckpointCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "checkpoint", abstract: "Inspect checkpoints or run their policy on given contexts.",
    subcommands: [Info.self, Act.self])

  /// `spikingmind checkpoint info`.
  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a checkpoint's metadata (JSON).")

    @Option(help: "A run or checkpoint directory.")
    var checkpoint: String

    func run() throws {
      do {
        let loaded = try CheckpointStore.read(checkpoint)
        print(try JSONOutput.encode(loaded.metadata))
      } catch {
        throw CommandError(error)
      }
    }
  }

  /// `spikingmind checkpoint act`.
  struct Act: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Model outputs for contexts given as JSON (for cross-checks with other tools).",
      discussion: """
        Input: a JSON list of contexts in model space, each {"states": [[...]], "actions": [[...]], \
        "returns_to_go": [...], "timesteps": [...]} (normalised states, action tokens with the last one a \
        placeholder, scaled returns-to-go), oldest first. Output: the same list with "tape" (the tape path) and \
        "runner" (the tape-free runner) outputs for the last step: logits, or tanh-squashed actions.
        """)

    @Option(help: "A run or checkpoint directory.")
    var checkpoint: String

    @Option(name: .customLong("in"), help: "The contexts (JSON).")
    var input: String

    @Option(name: .customLong("out"), help: "The file to write (JSON, atomically).")
    var output: String

    func run() throws {
      do {
        let loaded = try CheckpointStore.read(checkpoint)
        let model = try loaded.model()
        let runner = try model.runner(state: loaded.state)
        guard let data = FileManager.default.contents(atPath: input) else { throw CommandError(message: "\(input): no such file") }
        let contexts = try JSONDecoder().decode([ContextJSON].self, from: data)
        let outputs = try contexts.enumerated().map { index, c -> ContextJSON in
          let context = try c.context(index: index, path: input)
          let batch = context.paddedWindow(contextLength: loaded.metadata.model.contextLength, stateDimension: loaded.metadata.model.stateDimension,
            actionDimension: loaded.metadata.model.actionDimension, actionPad: loaded.metadata.model.kind == .dt && !loaded.metadata.model.discrete ? -10 : 0)
          let tape = Array(model.predictions(batch, state: loaded.state).scalars.suffix(loaded.metadata.model.actionDimension))
          var result = c
          (result.tape, result.runner) = (tape, runner.action(context: context, recorder: nil))
          return result
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(outputs).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("wrote \(outputs.count) outputs to \(output)")
      } catch let error as CommandError {
        throw error
      } catch let error as DecodingError {
        throw CommandError(message: "\(input): not a list of contexts: \(error)")
      } catch {
        throw CommandError(error)
      }
    }
  }
}

/// One context of `checkpoint act`.
struct ContextJSON: Codable {
  var states: [[Float]]
  var actions: [[Float]]
  var returnsToGo: [Float]
  var timesteps: [Int]
  var tape: [Float]?
  var runner: [Float]?

  enum CodingKeys: String, CodingKey {
    case states, actions, returnsToGo = "returns_to_go", timesteps, tape, runner
  }

  func context(index: Int, path: String) throws -> DecisionContext {
    let n = states.count
    guard n > 0, actions.count == n, returnsToGo.count == n, timesteps.count == n else {
      throw CommandError(message: "\(path): context \(index) needs equally many states, actions, returns_to_go and timesteps (at least one)")
    }
    var context = DecisionContext()
    for t in 0..<n { context.append(state: states[t], action: actions[t], returnToGo: returnsToGo[t], timestep: timesteps[t]) }
    return context
  }
}
