import Experts
import Foundation
import Parallelism
import RLCore
import Trajectories

extension CollectExperts {
  /// D4RL's medium-replay tier: the `train-expert` run is replayed from its start (ARS is deterministic) up to its
  /// medium snapshot, and every training episode (the 2N perturbed ones per iteration) goes into the dataset. The
  /// replay must reproduce the snapshot's state exactly, else it stops (`CollectionError.replayDiverged`).
  /// `--episodes` does not apply (the tier holds all of them).
  func replayTraining(registry: EnvironmentRegistry) throws {
    guard let expert else { throw CommandError(CollectionError.needsTrainingRun(environment: (try? registry.spec(env).id) ?? env)) }
    let spec = try Self.spec(try registry.spec(env), trained: expert, quality: .medium)
    let run = (expert as NSString).lastPathComponent == ExpertCheckpoint.fileName ? (expert as NSString).deletingLastPathComponent : expert
    let medium: (path: String, checkpoint: ExpertCheckpoint)
    do { medium = try ExpertCheckpoint.mediumSnapshot(run: run) } catch { throw CommandError(error) }
    let path = out ?? "Demos/\(spec.id)-\(quality.rawValue).npz"
    try OutputPath.check(path)
    let search: AugmentedRandomSearch
    var state: AugmentedRandomSearch.State
    do {
      search = try AugmentedRandomSearch(configuration: medium.checkpoint.configuration, spec: spec, registry: registry)
      state = try search.initialState()
    } catch { throw CommandError(error) }
    let pool = workers > 1 ? WorkerPool(threads: workers) : nil
    var reporter = ProgressReporter(total: medium.checkpoint.state.iteration, label: "replay \(spec.id) training")
    var episodes: [Episode] = []
    while state.iteration < medium.checkpoint.state.iteration {
      do { episodes += try search.iterate(&state, pool: pool, record: true).episodes } catch { throw CommandError(error) }
      reporter.update(done: state.iteration, detail: "\(episodes.count) episodes")
    }
    guard state == medium.checkpoint.state else {
      throw CommandError(CollectionError.replayDiverged(path: medium.path, iteration: state.iteration))
    }
    let collector = ExpertCollector(spec: spec, options: [:], quality: .mediumReplay, seed: medium.checkpoint.configuration.seed)
    let environment: any Environment
    do { environment = try registry.make(spec.id) } catch { throw CommandError(error) }
    let dataset = collector.dataset(of: episodes, environment: environment)
    do { try DatasetFile.write(dataset, to: path, compress: compress) } catch { throw CommandError(error) }
    try report(dataset, path: path, seconds: reporter.elapsedSeconds)
  }
}
