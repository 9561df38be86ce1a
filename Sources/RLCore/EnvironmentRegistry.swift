/// An immutable table of environment specs composed from plugin tables, with Gymnasium's `make`.
///
/// Ids are `[namespace/]Name-vN`; an unversioned id (`CartPole`) resolves to the latest version.
/// Composition fails on duplicate or malformed ids; lookups fail with the known ids listed.
public struct EnvironmentRegistry: Sendable {
  /// The specs in registration order.
  public let specs: [EnvironmentSpec]
  private let indexByID: [String: Int]
  private let latestByName: [String: Int]

  /// Composes a registry.
  /// - Parameter specs: the concatenated plugin tables.
  /// - Throws: `RegistryError.duplicateID` or `.malformedID`.
  public init(_ specs: [EnvironmentSpec]) throws(RegistryError) {
    var indexByID: [String: Int] = [:]
    var latestByName: [String: (version: Int, index: Int)] = [:]
    for (index, spec) in specs.enumerated() {
      guard let id = EnvironmentID(spec.id), let version = id.version else {
        throw .malformedID(spec.id)
      }
      guard indexByID[spec.id] == nil else { throw .duplicateID(spec.id) }
      indexByID[spec.id] = index
      if let latest = latestByName[id.unversioned], latest.version > version { continue }
      latestByName[id.unversioned] = (version, index)
    }
    self.specs = specs
    self.indexByID = indexByID
    self.latestByName = latestByName.mapValues(\.index)
  }

  /// The known ids in registration order.
  public var ids: [String] { specs.map(\.id) }

  /// Resolves an id (unversioned ids give the latest version).
  /// - Parameter id: `CartPole-v1` or `CartPole`.
  /// - Returns: the spec.
  /// - Throws: `RegistryError.malformedID` or `.unknownEnvironment` with suggestions.
  public func spec(_ id: String) throws(RegistryError) -> EnvironmentSpec {
    guard let parsed = EnvironmentID(id) else { throw .malformedID(id) }
    let index = parsed.version == nil ? latestByName[parsed.unversioned] : indexByID[id]
    guard let index else {
      throw .unknownEnvironment(id, suggestions: suggestions(for: id), available: ids)
    }
    return specs[index]
  }

  /// Builds an environment wrapped like `gymnasium.make`: `TimeLimit(OrderEnforcing(env))`.
  /// - Parameters:
  ///   - id: the environment id.
  ///   - options: constructor options, merged over the spec's defaults.
  ///   - maxEpisodeSteps: overrides the spec's time limit; nil keeps it.
  /// - Returns: the wrapped environment.
  /// - Throws: `RegistryError` for an unknown id, a bad time limit or rejected options.
  public func make(_ id: String, options: Options = [:], maxEpisodeSteps: Int? = nil)
    throws(RegistryError) -> any Environment
  {
    let spec = try spec(id)
    if let maxEpisodeSteps, maxEpisodeSteps <= 0 {
      throw .invalidTimeLimit(id: spec.id, value: maxEpisodeSteps)
    }
    let merged = spec.defaultOptions.merging(options) { _, new in new }
    let raw: any Environment
    do {
      raw = try spec.makeEnvironment(merged)
    } catch {
      throw .environment(error)
    }
    let ordered = OrderEnforcing(raw)
    guard let limit = maxEpisodeSteps ?? spec.maxEpisodeSteps else { return ordered }
    return TimeLimit(ordered, maxEpisodeSteps: limit)
  }

  /// The known ids closest to `id` by edit distance (case-insensitive), at most two.
  private func suggestions(for id: String) -> [String] {
    let target = Array(id.lowercased())
    // Against the full id and its name without the version, so `CartPol` finds CartPole-v1.
    let scored = ids.map { known in
      let name = known.split(separator: "-v").first.map(String.init) ?? known
      return (known, min(Self.editDistance(Array(known.lowercased()), target), Self.editDistance(Array(name.lowercased()), target)))
    }
    let best = scored.map(\.1).min() ?? Int.max
    guard best <= max(3, target.count / 3) else { return [] }
    return scored.filter { $0.1 == best }.prefix(2).map(\.0)
  }

  private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, ca) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for (j, cb) in b.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
