import Foundation

/// Energy per operation and per memory access: the constants an energy estimate multiplies counts by.
///
/// Compute: a multiply-accumulate (real-valued input) and an accumulate (a spike adds a weight). Memory:
/// a weight read and a neuron-state (membrane) read or write, per word of the table's precision. The
/// built-in tables come from Horowitz, "Computing's energy problem (and what we can do about it)",
/// ISSCC 2014 (45 nm, 0.9 V): 32-bit float multiply 3.7 pJ, add 0.9 pJ; 16-bit float 1.1 / 0.4 pJ;
/// 8-bit integer 0.2 / 0.03 pJ; SRAM reads of 64 bits: 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB).
/// The memory-aware figure assumes weights and states in 32 KB SRAM banks, one access per word, no reuse.
public struct EnergyTable: Sendable, Equatable, Codable {
  /// The table's name.
  public var name: String
  /// Where the numbers come from.
  public var source: String
  /// pJ per multiply-accumulate.
  public var multiplyAccumulate: Double
  /// pJ per accumulate.
  public var accumulate: Double
  /// pJ per weight read.
  public var weightRead: Double
  /// pJ per neuron-state read or write.
  public var stateAccess: Double

  /// Creates a table.
  public init(name: String, source: String, multiplyAccumulate: Double, accumulate: Double, weightRead: Double, stateAccess: Double) {
    self.name = name
    self.source = source
    self.multiplyAccumulate = multiplyAccumulate
    self.accumulate = accumulate
    self.weightRead = weightRead
    self.stateAccess = stateAccess
  }

  static let horowitz = "Horowitz, ISSCC 2014, 45 nm: "

  /// 32-bit float, 45 nm: MAC 4.6 pJ (3.7 + 0.9), AC 0.9 pJ — the constants of the spiking-transformer
  /// literature (Spikformer, Spike-driven Transformer); 32-bit word from 32 KB SRAM 10 pJ.
  public static let spec45nm = EnergyTable(
    name: "spec45nm", source: horowitz + "FP32 mult 3.7 pJ + add 0.9 pJ; 32 KB SRAM 20 pJ per 64 bits",
    multiplyAccumulate: 4.6, accumulate: 0.9, weightRead: 10, stateAccess: 10)

  /// 16-bit float, 45 nm: MAC 1.5 pJ, AC 0.4 pJ; 16-bit word 5 pJ.
  public static let fp16 = EnergyTable(
    name: "fp16", source: horowitz + "FP16 mult 1.1 pJ + add 0.4 pJ; 32 KB SRAM 20 pJ per 64 bits",
    multiplyAccumulate: 1.5, accumulate: 0.4, weightRead: 5, stateAccess: 5)

  /// 8-bit integer, 45 nm: MAC 0.23 pJ, AC 0.03 pJ; 8-bit word 2.5 pJ.
  public static let int8 = EnergyTable(
    name: "int8", source: horowitz + "INT8 mult 0.2 pJ + add 0.03 pJ; 32 KB SRAM 20 pJ per 64 bits",
    multiplyAccumulate: 0.23, accumulate: 0.03, weightRead: 2.5, stateAccess: 2.5)

  /// The built-in tables.
  public static let builtIn = [spec45nm, fp16, int8]

  /// A built-in table by name, or a JSON file with the fields above.
  /// - Throws: `EnergyProfilingError` for an unknown name or a malformed file.
  public static func named(_ name: String) throws(EnergyProfilingError) -> EnergyTable {
    if let table = builtIn.first(where: { $0.name == name }) { return table }
    guard name.hasSuffix(".json") else {
      throw .unknownTable(name: name, known: builtIn.map(\.name))
    }
    guard let data = FileManager.default.contents(atPath: name) else { throw .file(path: name, reason: "no such file") }
    do {
      let table = try JSONDecoder().decode(EnergyTable.self, from: data)
      for (field, value) in [("multiplyAccumulate", table.multiplyAccumulate), ("accumulate", table.accumulate),
        ("weightRead", table.weightRead), ("stateAccess", table.stateAccess)] where !(value.isFinite && value >= 0) {
        throw EnergyProfilingError.file(path: name, reason: "\(field) must be a non-negative number")
      }
      return table
    } catch let error as EnergyProfilingError {
      throw error
    } catch {
      throw .file(path: name, reason: "not an energy table: \(error)")
    }
  }
}

/// Errors of the energy profiler.
public enum EnergyProfilingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No built-in table of that name.
  case unknownTable(name: String, known: [String])
  /// A table file that cannot be used.
  case file(path: String, reason: String)

  /// One line.
  public var description: String {
    switch self {
    case .unknownTable(let name, let known): "unknown energy model '\(name)' (built in: \(known.joined(separator: ", ")), or a .json file)"
    case .file(let path, let reason): "\(path): \(reason)"
    }
  }
}
