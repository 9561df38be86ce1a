public import Foundation

/// The run's metrics: JSON lines kept in memory (copied into every checkpoint) and appended to
/// `<run>/metrics.jsonl` as they come.
public final class MetricsLog {
  /// The lines so far.
  public private(set) var lines: [String]
  private let path: String?

  /// A log continuing `lines`, mirrored to `path` (rewritten with `lines` first).
  public init(path: String?, lines: [String] = []) {
    self.path = path
    self.lines = lines
    if let path { try? Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path), options: .atomic) }
  }

  /// Appends a record.
  public func append(_ record: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    guard let data = try? encoder.encode(record) else { return }
    let line = String(decoding: data, as: UTF8.self)
    lines.append(line)
    guard let path, let handle = FileHandle(forWritingAtPath: path) else { return }
    handle.seekToEndOfFile()
    handle.write(Data((line + "\n").utf8))
    try? handle.close()
  }

  /// The lines as a file's bytes.
  public var data: Data { Data(lines.map { $0 + "\n" }.joined().utf8) }

  /// The lines of a metrics file.
  public static func read(_ path: String) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
  }
}

/// A training metrics line (every `logEvery` steps).
public struct TrainingRecord: Sendable, Codable, Equatable {
  /// `"train"`.
  public var kind = "train"
  /// The step the line ends at.
  public let step: Int
  /// Mean loss over the interval.
  public let loss: Double
  /// Action agreement on the interval's last batch (discrete), or its MSE (continuous), evaluation mode.
  public let accuracy: Double?, mse: Double?
  /// The learning rate of the last step.
  public let learningRate: Double
  /// Mean gradient norm (before clipping) over the interval.
  public let gradientNorm: Double
  /// Spikes per neuron-step over the interval (spiking models), overall and per layer.
  public let firingRate: Double?
  /// See `firingRate`.
  public let firingRates: [String: Double]?
  /// Wall seconds per step over the interval (the only field that varies between identical runs).
  public let secondsPerStep: Double
}

/// An evaluation metrics line.
public struct EvaluationRecord: Sendable, Codable, Equatable {
  /// `"eval"`.
  public var kind = "eval"
  /// The step evaluated.
  public let step: Int
  /// The conditioning return.
  public let targetReturn: Double
  /// Return statistics over the episodes.
  public let mean: Double, std: Double, min: Double, max: Double
  /// Normalised score and success rate.
  public let normalizedScore: Double, successRate: Double?
  /// Episodes.
  public let episodes: Int
}
