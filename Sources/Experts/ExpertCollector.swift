import Dispatch
public import RLCore
public import Trajectories

/// Collects seeded episodes of an environment's expert (or a tier of it), in parallel.
///
/// Episode `i` uses the seed `episodeSeed(base, i)` for the environment reset and the policy, and
/// each worker writes into its own slots, so the collected episodes — and the file — are identical
/// for any worker count.
public struct ExpertCollector: Sendable {
  /// The environment spec.
  public let spec: EnvironmentSpec
  /// Constructor options.
  public let options: Options
  /// The quality tier.
  public let quality: QualityTier
  /// The base seed.
  public let seed: UInt64
  /// Overrides the expert's `mediumNoise` for the medium tier.
  public let mediumNoise: Double?

  /// Creates a collector.
  /// - Parameters:
  ///   - spec: the environment spec (it must register an expert unless `quality` is `.random`).
  ///   - options: constructor options.
  ///   - quality: the tier.
  ///   - seed: the base seed.
  ///   - mediumNoise: overrides the expert's medium-tier noise.
  public init(
    spec: EnvironmentSpec, options: Options = [:], quality: QualityTier, seed: UInt64, mediumNoise: Double? = nil
  ) {
    self.spec = spec
    self.options = options
    self.quality = quality
    self.seed = seed
    self.mediumNoise = mediumNoise
  }

  /// The seed of episode `index`: SplitMix64 of the base seed and the index (distinct, well mixed).
  public static func episodeSeed(base: UInt64, index: Int) -> UInt64 {
    var z = base &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return (z ^ (z >> 31)) >> 1
  }

  /// Builds the acting policy of episode `index`.
  /// - Throws: `CollectionError.noExpert` or the expert factory's error.
  public func policy(forEpisode index: Int, actionSpace: Space) throws(CollectionError) -> any Policy {
    let episodeSeed = Self.episodeSeed(base: seed, index: index)
    let tier = quality.tier(forEpisode: index)
    if tier == .random { return RandomPolicy(space: actionSpace, seed: episodeSeed) }
    if tier == .mediumReplay { throw .needsTrainingRun(environment: spec.id) }
    guard let expert = spec.expert else { throw .noExpert(environment: spec.id) }
    var policy: any Policy
    let merged = spec.defaultOptions.merging(options) { _, new in new }
    do { policy = try expert.makePolicy(merged) } catch { throw .environment(error) }
    policy.reset(seed: episodeSeed)
    if tier == .medium {
      policy = NoisyPolicy(
        inner: policy, space: actionSpace, noise: mediumNoise ?? expert.mediumNoise, seed: episodeSeed)
    }
    return policy
  }

  /// Collects one episode.
  /// - Parameter index: the episode index.
  /// - Returns: the episode.
  /// - Throws: `CollectionError`.
  public func collect(episode index: Int) throws(CollectionError) -> Episode {
    var environment: any Environment
    do {
      let registry = try EnvironmentRegistry([spec])
      environment = try registry.make(spec.id, options: options)
    } catch {
      throw .registry(error)
    }
    var policy = try self.policy(forEpisode: index, actionSpace: environment.actionSpace)
    do {
      return try EpisodeRunner.run(&environment, policy: &policy, seed: Self.episodeSeed(base: seed, index: index))
    } catch {
      throw .environment(error)
    }
  }

  /// Collects `count` episodes on `workers` threads; `progress(done)` is called on the caller's thread
  /// as episodes finish (in completion order), for progress bars.
  /// - Parameters:
  ///   - count: the number of episodes.
  ///   - workers: the number of threads.
  ///   - progress: called with the number of finished episodes and the latest one (nil if it failed).
  /// - Returns: the episodes in index order.
  /// - Throws: the first `CollectionError` (by episode index).
  public func collect(
    episodes count: Int, workers: Int, progress: (Int, Episode?) -> Void = { _, _ in }
  ) throws(CollectionError) -> [Episode] {
    let slots = EpisodeSlots(count: count)
    let workers = max(1, min(workers, count))
    let group = DispatchGroup()
    for worker in 0..<workers {
      DispatchQueue.global().async(group: group) { [self] in
        var index = worker
        while index < count {
          slots.store(index, Result { () throws(CollectionError) in try collect(episode: index) })
          index += workers
        }
      }
    }
    var reported = 0
    while reported < count {
      slots.waitForMore(than: reported)
      for (done, episode) in slots.finished(after: reported) {
        reported = done
        progress(done, episode)
      }
    }
    group.wait()
    return try slots.results()
  }
}
