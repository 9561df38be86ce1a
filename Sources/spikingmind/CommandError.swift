import ArgumentParser
import RLCore

/// Wraps a library error so the CLI prints its one-line description.
struct CommandError: Error, CustomStringConvertible {
  /// The line printed after `error:`.
  let description: String

  /// Wraps any error, preferring its own description.
  init(_ error: any Error) {
    description = String(describing: error)
  }

  /// A plain message.
  init(message: String) {
    description = message
  }
}

/// A `name=value` constructor option from the command line (`--option goal_velocity=0.02`).
struct OptionArgument: ExpressibleByArgument {
  let name: String
  let value: OptionValue

  init?(argument: String) {
    guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
    name = String(argument[..<equals])
    value = OptionValue(parsing: String(argument[argument.index(after: equals)...]))
  }

  /// Collects options into a dictionary; the last value of a repeated name wins.
  static func options(_ arguments: [OptionArgument]) -> Options {
    Dictionary(arguments.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
  }
}
