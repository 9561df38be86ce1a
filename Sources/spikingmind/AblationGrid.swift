import ArgumentParser
import Foundation

/// One axis of an ablation grid: a `train-offline` flag and its values (`time-steps=2,4,8`).
struct AblationAxis: ExpressibleByArgument, Equatable {
  /// The `train-offline` options a grid may vary.
  static let keys = ["time-steps", "context", "attention", "norm", "hidden", "layers", "heads", "lr", "batch", "model"]

  let key: String
  let values: [String]

  init?(argument: String) {
    guard let equals = argument.firstIndex(of: "=") else { return nil }
    key = String(argument[..<equals])
    values = argument[argument.index(after: equals)...].split(separator: ",").map(String.init)
  }

  /// Checks the key and the values (no value repeated, none empty).
  /// - Throws: `ValidationError` naming the axis.
  func validate() throws {
    guard Self.keys.contains(key) else {
      throw ValidationError("--grid \(key): not a grid key; one of \(Self.keys.joined(separator: ", "))")
    }
    guard !values.isEmpty, !values.contains(where: \.isEmpty) else { throw ValidationError("--grid \(key)=...: give values, e.g. \(key)=a,b") }
    guard Set(values).count == values.count else { throw ValidationError("--grid \(key): a value is repeated") }
    guard values.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" } }) else {
      throw ValidationError("--grid \(key): values are numbers or names")
    }
  }
}

/// One cell of the grid: a value per axis.
struct AblationCell: Equatable {
  /// `(key, value)` in the grid's axis order.
  let settings: [(key: String, value: String)]

  static func == (a: AblationCell, b: AblationCell) -> Bool { a.name == b.name }

  /// The cell's directory name: `time-steps=2_context=10`.
  var name: String { settings.map { "\($0.key)=\($0.value)" }.joined(separator: "_") }

  /// The `train-offline` flags of the cell.
  var flags: [String] { settings.flatMap { ["--\($0.key)", $0.value] } }

  /// Every combination of the axes' values, the first axis varying slowest.
  static func cells(of axes: [AblationAxis]) -> [AblationCell] {
    axes.reduce([AblationCell(settings: [])]) { cells, axis in
      cells.flatMap { cell in axis.values.map { AblationCell(settings: cell.settings + [(axis.key, $0)]) } }
    }
  }
}

/// The grid options `ablate` and `sweep` share: axes, seeds, steps, datasets, evaluation episodes.
struct GridOptions: ParsableArguments {
  @Option(parsing: .upToNextOption, help: "Axes key=v1,v2 (keys: \(AblationAxis.keys.joined(separator: ", "))).")
  var grid: [AblationAxis]

  @Option(help: "Training seeds per cell (0..<N).")
  var seeds: Int = 1

  @Option(help: "Optimisation steps per run (default: the environment's).")
  var steps: Int?

  @Option(parsing: .upToNextOption, help: "Dataset files (default: Demos/<env>-expert.npz).")
  var data: [String] = []

  @Option(help: "Evaluation episodes per cell × seed.")
  var episodes: Int = 10

  func validate() throws {
    guard !grid.isEmpty else { throw ValidationError("--grid needs at least one axis, e.g. time-steps=2,4") }
    for axis in grid { try axis.validate() }
    guard Set(grid.map(\.key)).count == grid.count else { throw ValidationError("--grid: an axis is given twice") }
    guard seeds > 0, episodes > 0 else { throw ValidationError("--seeds and --episodes must be positive") }
    if let steps, steps <= 0 { throw ValidationError("--steps must be positive") }
  }
}
