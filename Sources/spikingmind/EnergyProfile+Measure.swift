import DecisionModels
import EnergyProfiling
import Foundation
import SpikingLayers
import Training

/// A runner that also measures: the latency of each action of the wrapped tape-free runner, and (after the
/// episodes, so that it does not disturb the timing) the firing rates of the conventional full-window forward
/// (the tape path, every token) on the windows the actions saw, for the energy estimate.
final class ProfilingRunner: ActionRunner {
  let inner: any ActionRunner
  let model: TrainableModel
  let state: ModelState
  let metadata: CheckpointMetadata
  let recorder = SpikeRecorder()
  private(set) var latencies: [Double] = []
  private(set) var windows: [DecisionBatch] = []

  init(inner: any ActionRunner, model: TrainableModel, state: ModelState, metadata: CheckpointMetadata) {
    self.inner = inner
    self.model = model
    self.state = state
    self.metadata = metadata
  }

  func action(context: DecisionContext, recorder _: SpikeRecorder?) -> [Float] {
    let start = ContinuousClock.now
    let output = inner.action(context: context, recorder: nil)
    let elapsed = ContinuousClock.now - start
    latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    let m = metadata.model
    let window = context.paddedWindow(contextLength: m.contextLength, stateDimension: m.stateDimension, actionDimension: m.actionDimension,
      actionPad: m.kind == .dt && !m.discrete ? -10 : 0)
    if m.isSpiking { windows.append(window) }
    return output
  }

  var actions: Int { latencies.count }

  /// Runs the full-window forwards of the recorded windows with the spike recorder on.
  func recordSpikes() {
    for window in windows { _ = model.predictions(window, state: state, recorder: recorder) }
  }

  /// The spikes of one spiking layer on the window of one action (the middle one of the episodes), for a
  /// raster: the first block's first MLP neurons if the model has them, else the first layer recorded.
  func raster() -> SpikeRaster? {
    let layers = recorder.entries.map(\.layer)
    guard !windows.isEmpty, let layer = layers.first(where: { $0.contains("mlp") }) ?? layers.first else { return nil }
    let capture = SpikeRecorder(capturing: [layer])
    _ = model.predictions(windows[windows.count / 2], state: state, recorder: capture)
    guard let (shape, spikes) = capture.captures[layer], shape.count >= 2 else { return nil }
    return SpikeRaster(layer: layer, action: windows.count / 2, steps: shape[0], tokens: shape.dropFirst().dropLast().reduce(1, *),
      neurons: shape[shape.count - 1], spikes: spikes)
  }

  /// Spikes and neuron-steps per action, by spiking layer.
  var rates: [String: (spikes: Double, elements: Double)] {
    let n = Double(max(actions, 1))
    return Dictionary(uniqueKeysWithValues: recorder.entries.map { ($0.layer, (Double($0.spikes) / n, Double($0.elements) / n)) })
  }
}

/// One layer's spikes on one action's window: `spikes[(t · tokens + token) · neurons + neuron]`.
struct SpikeRaster {
  let layer: String
  let action: Int
  let steps: Int, tokens: Int, neurons: Int
  let spikes: [Float]
}

/// The census of a checkpoint's model.
func census(_ configuration: ModelConfiguration) -> ModelCensus {
  switch configuration {
  case .dsformer(let c): ModelCensus.dsformer(c)
  case .snndt(let c): ModelCensus.snndt(c)
  case .dt(let c): ModelCensus.dt(c)
  }
}

/// One profiled checkpoint.
struct ProfileResult: Codable {
  let checkpoint: String
  let model: String
  let environment: String
  let episodes: Int
  let actions: Int
  let returnMean: Double, returnStd: Double
  let firingRate: Double?
  let estimates: [EnergyEstimate]
  let latencyP50Milliseconds: Double, latencyP90Milliseconds: Double, latencyP99Milliseconds: Double
  let latencySamples: Int
  let threads: Int
  let layerRates: [String: Double]
  let latencies: [Double]

  /// The run's name: the directory holding the checkpoint (`runs/x/step-00001500` → `x`).
  var name: String {
    let url = URL(fileURLWithPath: checkpoint)
    return url.lastPathComponent.hasPrefix("step-") ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
  }
}

/// Profiles checkpoints: seeded episodes with the measuring runner, then the energy estimate.
struct Profiler {
  let tables: [EnergyTable]
  let episodes: Int
  let seed: UInt64
  let threads: Int

  /// Runs `episodes` seeded episodes of a checkpoint with the measuring runner.
  /// - Returns: the result and the runner (its recorded windows, e.g. for a raster).
  func profile(_ path: String) throws -> (ProfileResult, ProfilingRunner) {
    let registry = try StandardRegistry.make()
    let loaded = try CheckpointStore.read(path)
    let model = try loaded.model()
    let spec = try registry.spec(loaded.metadata.environment)
    let runner = ProfilingRunner(inner: try model.runner(state: loaded.state), model: model, state: loaded.state, metadata: loaded.metadata)
    let summary = try Evaluator(spec: spec, metadata: loaded.metadata).evaluate(
      runners: [runner], pool: nil, targetReturn: loaded.metadata.targetReturn, episodes: episodes, seed: (1 << 63) &+ seed)
    runner.recordSpikes()
    let rates = runner.rates
    let estimates = tables.map { EnergyEstimate(census: census(loaded.metadata.model), rates: rates, table: $0) }
    let warm = Array(runner.latencies.dropFirst(min(20, runner.latencies.count / 10))).sorted()
    func percentile(_ q: Double) -> Double { warm.isEmpty ? .nan : warm[min(warm.count - 1, Int(Double(warm.count - 1) * q))] * 1e3 }
    // In layer-name order: a dictionary's own order differs from process to process (and so would the sums).
    let layers = rates.keys.sorted()
    let spikes = layers.reduce(0) { $0 + (rates[$1]?.spikes ?? 0) }, elements = layers.reduce(0) { $0 + (rates[$1]?.elements ?? 0) }
    let result = ProfileResult(
      checkpoint: try CheckpointStore.resolve(path), model: loaded.metadata.model.summary, environment: spec.id, episodes: episodes,
      actions: runner.actions, returnMean: summary.mean, returnStd: summary.std, firingRate: elements > 0 ? spikes / elements : nil,
      estimates: estimates, latencyP50Milliseconds: percentile(0.5), latencyP90Milliseconds: percentile(0.9),
      latencyP99Milliseconds: percentile(0.99), latencySamples: warm.count, threads: threads,
      layerRates: rates.mapValues { $0.elements > 0 ? $0.spikes / $0.elements : 0 }, latencies: warm.map { $0 * 1e3 })
    return (result, runner)
  }
}
