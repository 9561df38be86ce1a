import Foundation

/// Runs the built `spikingmind` binary (it sits next to the test runner in the build folder).
struct CLIRunner {
  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static var binary: URL {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = runner.deletingLastPathComponent()
    // Some runners live inside a bundle folder; walk up until the binary is found.
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("spikingmind").path) {
      directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("spikingmind")
  }

  static func run(_ arguments: [String], directory: URL? = nil) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static let traces = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ConformanceTests/Fixtures")

  static func temporaryFile(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("spikingmind-\(UUID().uuidString)-\(name)")
  }
}
