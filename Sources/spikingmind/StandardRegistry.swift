import Box2DEnvironments
import ClassicControl
import MuJoCoEnvironments
import RLCore

/// The composition root: the one place plugin tables are joined into the registry.
enum StandardRegistry {
  /// The registry of every environment this binary links.
  /// - Throws: `RegistryError.duplicateID` if two plugins register the same id.
  static func make() throws(RegistryError) -> EnvironmentRegistry {
    try EnvironmentRegistry(ClassicControl.specs + Box2DEnvironments.specs + MuJoCoEnvironments.specs)
  }
}
