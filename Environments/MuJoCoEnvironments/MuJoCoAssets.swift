import Foundation
import RLCore

/// Where the MJCF model files come from: Gymnasium's own assets (MIT), extracted from the Gymnasium 1.4.0 wheel
/// on the package registry by `Scripts/install-mujoco-assets.sh` into `~/.cache/spikingmind/gymnasium-1.4.0/mujoco`
/// (or the folder `$SPIKINGMIND_MUJOCO_ASSETS` names), so the compiled models are Gymnasium's.
public enum MuJoCoAssets {
  /// The Gymnasium release the model files are taken from.
  public static let gymnasiumVersion = "1.4.0"
  /// The script that installs them.
  public static let installScript = "Scripts/install-mujoco-assets.sh"

  /// The folder searched for model files.
  /// - Parameter variables: the process environment (`SPIKINGMIND_MUJOCO_ASSETS`, `HOME`), nil for this process's.
  public static func directory(variables: [String: String]? = nil) -> String {
    let variables = variables ?? ProcessInfo.processInfo.environment
    if let folder = variables["SPIKINGMIND_MUJOCO_ASSETS"], !folder.isEmpty { return folder }
    let home = variables["HOME"] ?? NSHomeDirectory()
    return "\(home)/.cache/spikingmind/gymnasium-\(gymnasiumVersion)/mujoco"
  }

  /// The model file to load: `xml_file` when given (a path, or a name in the assets folder), else `name`
  /// in the assets folder.
  /// - Throws: `EnvironmentError.missingAsset` when the file does not exist.
  static func path(_ name: String, override: String?, environment: String) throws(EnvironmentError) -> String {
    let candidate = override ?? name
    let path = candidate.contains("/") ? candidate : "\(directory())/\(candidate)"
    guard FileManager.default.fileExists(atPath: path) else {
      throw .missingAsset(
        environment: environment, path: path,
        remedy: "run \(installScript) (it extracts Gymnasium \(gymnasiumVersion)'s model files) or pass xml_file")
    }
    return path
  }
}
