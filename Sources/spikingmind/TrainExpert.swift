import ArgumentParser
import Experts
import Foundation
import Parallelism
import RLCore

/// `spikingmind train-expert`: an expert policy trained here (ARS) for environments without a built-in expert.
struct TrainExpert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train-expert",
    abstract: "Train an expert for a continuous-action environment with Augmented Random Search (linear policy).",
    discussion: """
      ARS V2-t (Mania et al. 2018): a linear policy on running-normalised observations, 2 episodes per random \
      direction per iteration, the best directions kept, the survival bonus shifted out. Defaults per environment \
      are the paper's (Hopper: step 0.01, noise 0.025, 8 directions, top 4, shift 1; HalfCheetah: 0.02, 0.03, \
      32, 4, 0; Walker2d: 0.025, 0.01, 40, 30, 1). Episodes run in parallel across --threads; results do not \
      depend on the thread count. Every --eval-every iterations the unperturbed policy is evaluated on \
      --eval-episodes seeded episodes (seeds 2^63 + i), <out>/expert.json is written atomically and the policy is \
      kept in <out>/snapshots/; --resume continues bit for bit. collect-experts --expert <out> collects datasets \
      with it (--quality medium: the snapshot nearest a third of the last evaluation, as D4RL's medium tier).
      """)

  @Option(help: "Environment id (not needed with --resume).")
  var env: String?

  @Option(help: "Algorithm: ars.")
  var algorithm: String = "ars"

  @Option(help: "Iterations in all (a resumed run continues to this count).")
  var iterations: Int = 1000

  @Option(help: "Directions per iteration (default: the paper's for the environment).")
  var directions: Int?

  @Option(help: "Directions kept per update (default: the paper's).")
  var top: Int?

  @Option(help: "Step size α (default: the paper's).")
  var stepSize: Double?

  @Option(help: "Exploration noise ν (default: the paper's).")
  var noise: Double?

  @Option(help: "Reward shift per step while searching (default: the paper's; the survival bonus).")
  var shift: Double?

  @Option(help: "Seed.")
  var seed: UInt64 = 0

  @Option(help: "Threads.")
  var threads: Int = 2

  @Option(help: "Evaluate and save every N iterations.")
  var evalEvery: Int = 10

  @Option(help: "Evaluation episodes.")
  var evalEpisodes: Int = 5

  @Option(help: "Stop once an evaluation's mean return reaches this.")
  var targetReturn: Double?

  @Option(help: "Run directory (default Checkpoints/<env>-ars-<timestamp>).")
  var out: String?

  @Option(help: "Continue the run in this directory.")
  var resume: String?

  @Flag(help: "Print a JSON summary.")
  var json = false

  func validate() throws {
    guard algorithm == "ars" else { throw ValidationError("--algorithm must be ars") }
    guard env != nil || resume != nil else { throw ValidationError("give --env (or --resume)") }
    guard iterations > 0, threads > 0, evalEvery > 0, evalEpisodes > 0 else {
      throw ValidationError("--iterations, --threads, --eval-every and --eval-episodes must be positive")
    }
    if let directions, directions <= 0 { throw ValidationError("--directions must be positive") }
    if let top, top <= 0 || top > (directions ?? top) { throw ValidationError("--top must be in 1...directions") }
    for (name, value) in [("--step-size", stepSize), ("--noise", noise)] {
      if let value, !(value > 0 && value.isFinite) { throw ValidationError("\(name) must be a positive number") }
    }
  }

  func run() throws {
    let registry = try StandardRegistry.make()
    let (run, checkpoint) = try start(registry: registry)
    var state = checkpoint.state
    let search: AugmentedRandomSearch
    do {
      search = try AugmentedRandomSearch(configuration: checkpoint.configuration, spec: try registry.spec(checkpoint.environment), registry: registry)
    } catch { throw CommandError(error) }
    let pool = threads > 1 ? WorkerPool(threads: threads) : nil
    do { try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true) } catch {
      throw CommandError(message: "cannot create \(run)")
    }
    let log = ExpertMetrics(path: (run as NSString).appendingPathComponent("metrics.jsonl"), upTo: state.iteration)
    var progress = ProgressReporter(total: iterations, label: "train-expert \(checkpoint.environment)")
    var last = checkpoint.lastEvaluation
    let startSteps = state.environmentSteps
    while state.iteration < iterations {
      let report: AugmentedRandomSearch.IterationReport
      do { report = try search.iterate(&state, pool: pool) } catch { throw CommandError(error) }
      log.append(["iteration": Double(state.iteration), "environment_steps": Double(state.environmentSteps), "mean_return": report.meanReturn])
      if state.iteration % evalEvery == 0 || state.iteration == iterations {
        last = try evaluate(search, state: state, pool: pool, log: log)
        let evaluated = ExpertCheckpoint(environment: checkpoint.environment, configuration: search.configuration, state: state, lastEvaluation: last)
        do { try evaluated.write(file: ExpertCheckpoint.snapshotFile(run: run, iteration: state.iteration)) } catch { throw CommandError(error) }
        try save(evaluated, run: run)
        if let targetReturn, let last, last >= targetReturn { break }
      }
      let rate = Double(state.environmentSteps - startSteps) / max(progress.elapsedSeconds, 1e-9)
      progress.update(done: state.iteration, detail: String(format: "%.0f env steps/s, search return %.1f", rate, report.meanReturn)
        + (last.map { String(format: ", eval %.1f", $0) } ?? ""))
    }
    try save(ExpertCheckpoint(environment: checkpoint.environment, configuration: search.configuration, state: state, lastEvaluation: last), run: run)
    try summarize(run: run, environment: checkpoint.environment, state: state, last: last, seconds: progress.elapsedSeconds)
  }

  /// The run directory and the checkpoint to continue from (a fresh one without --resume).
  func start(registry: EnvironmentRegistry) throws -> (String, ExpertCheckpoint) {
    if let resume {
      let checkpoint: ExpertCheckpoint
      do { checkpoint = try ExpertCheckpoint.read(resume) } catch { throw CommandError(error) }
      if let env, try registry.spec(env).id != checkpoint.environment {
        throw CommandError(message: "\(resume) is an expert for \(checkpoint.environment), not \(env)")
      }
      return (resume, checkpoint)
    }
    let spec: EnvironmentSpec
    do { spec = try registry.spec(env ?? "") } catch { throw CommandError(error) }
    var c = AugmentedRandomSearch.Configuration.paper(for: spec.id, seed: seed)
    c.directions = directions ?? c.directions
    c.top = min(top ?? c.top, c.directions)
    (c.stepSize, c.noise, c.shift) = (stepSize ?? c.stepSize, noise ?? c.noise, shift ?? c.shift)
    let run = out ?? "Checkpoints/\(spec.id)-ars-\(TrainOffline.timestamp())"
    if FileManager.default.fileExists(atPath: (run as NSString).appendingPathComponent(ExpertCheckpoint.fileName)) {
      throw CommandError(message: "\(run) already holds an expert; continue it with --resume \(run)")
    }
    let state: AugmentedRandomSearch.State
    do { state = try AugmentedRandomSearch(configuration: c, spec: spec, registry: registry).initialState() } catch {
      if case .environment(.actionKindMismatch) = error {
        throw CommandError(message: "\(spec.id) has discrete actions; train-expert (ARS, a linear policy) needs continuous ones")
      }
      throw CommandError(error)
    }
    try OutputPath.check((run as NSString).appendingPathComponent(ExpertCheckpoint.fileName))
    return (run, ExpertCheckpoint(environment: spec.id, configuration: c, state: state, lastEvaluation: nil))
  }

  /// Evaluates the unperturbed policy (seeds 2^63 + i) and logs it; returns the mean.
  func evaluate(_ search: AugmentedRandomSearch, state: AugmentedRandomSearch.State, pool: WorkerPool?, log: ExpertMetrics) throws -> Double {
    let returns: [Double]
    do { returns = try search.evaluate(state.policy, episodes: evalEpisodes, seed: 1 << 63, pool: pool) } catch { throw CommandError(error) }
    let mean = returns.reduce(0, +) / Double(returns.count)
    let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
    log.append(["iteration": Double(state.iteration), "eval_mean": mean, "eval_std": std, "environment_steps": Double(state.environmentSteps)])
    return mean
  }

  func save(_ checkpoint: ExpertCheckpoint, run: String) throws {
    do { try checkpoint.write(run: run) } catch { throw CommandError(error) }
  }

  func summarize(run: String, environment: String, state: AugmentedRandomSearch.State, last: Double?, seconds: Double) throws {
    if json {
      struct Summary: Encodable { let run: String, environment: String, iterations: Int, environment_steps: Int, last_evaluation: Double?, seconds: Double }
      print(try JSONOutput.encode(Summary(run: run, environment: environment, iterations: state.iteration,
        environment_steps: state.environmentSteps, last_evaluation: last, seconds: seconds)))
    } else {
      print("expert: \(run) (\(state.iteration) iterations, \(state.environmentSteps) env steps, last evaluation "
        + (last.map { String(format: "%.1f", $0) } ?? "none") + String(format: ", %.0f s)", seconds))
    }
  }
}
