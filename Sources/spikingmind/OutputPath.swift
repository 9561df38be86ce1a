import Foundation

/// Output files of the commands: checked before any long work starts, written atomically, failures as one plain
/// line (never Foundation's `NSCocoaErrorDomain` text).
enum OutputPath {
  /// Checks that `path` can be written: not a directory, and its nearest existing ancestor a writable directory
  /// (missing directories are created when writing).
  /// - Throws: `CommandError` naming the path.
  static func check(_ path: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw CommandError(message: "\(path) is a directory, not a file name")
    }
    var parent = (path as NSString).deletingLastPathComponent
    if parent.isEmpty { parent = "." }
    while !FileManager.default.fileExists(atPath: parent) {
      let up = (parent as NSString).deletingLastPathComponent
      // A relative path's missing first folder lives in the working directory.
      if up.isEmpty { parent = "."; break }
      if up == parent { break }
      parent = up
    }
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue,
      FileManager.default.isWritableFile(atPath: parent)
    else { throw CommandError(message: "cannot write \(path): \(parent) is not a writable directory") }
  }

  /// Writes `data` to `path` atomically (a temporary sibling, then rename), creating missing directories.
  /// - Throws: `CommandError` naming the path.
  static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do { try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
      throw CommandError(message: "cannot write \(path): cannot create the directory \(url.deletingLastPathComponent().path)")
    }
    do { try data.write(to: url, options: .atomic) } catch {
      throw CommandError(message: "cannot write \(path) (permissions, disk space?)")
    }
  }
}
