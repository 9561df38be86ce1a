import Foundation

/// Writing an HDF5 file atomically: into a temporary sibling, closed, then renamed over the destination, so an
/// interrupted export never leaves a half-written file under the user's name.
enum AtomicHDF5 {
  /// Creates `path`'s parent directories, runs `body` on a fresh temporary sibling and renames it to `path`.
  /// - Throws: `InterchangeError.hdf5` (the temporary file is removed on any failure).
  static func write(_ path: String, _ body: (HDF5File) throws(InterchangeError) -> Void) throws(InterchangeError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
      throw .hdf5(path: path, object: "/", reason: "cannot create the directory \(directory.path)")
    }
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)").path
    do throws(InterchangeError) {
      let file = try HDF5File.create(temporary)
      try body(file)
      try file.flush()
      guard rename(temporary, path) == 0 else { throw InterchangeError.hdf5(path: path, object: "/", reason: "cannot be renamed into place") }
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
  }

  /// `value` as sorted-key JSON text.
  static func json(_ value: some Encodable, path: String) throws(InterchangeError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
      throw .hdf5(path: path, object: "/", reason: "metadata cannot be encoded: \(error)")
    }
  }
}
