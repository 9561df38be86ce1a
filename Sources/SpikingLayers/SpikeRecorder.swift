import Synchronization

/// Collects what spiking layers emit during a scope: per layer, spikes and elements over the time window.
///
/// Pass one to a forward (`SpikingPass`); every spiking layer adds `(layer, spikes, elements, T)` on every
/// call, in training and in inference. Without a recorder nothing is collected (the spike count is a
/// by-product of the fused kernels, so recording costs one lock per layer call). Thread-safe: data-parallel
/// shards may share one recorder.
public final class SpikeRecorder: Sendable {
  /// One layer's totals.
  public struct Entry: Sendable, Equatable, Codable {
    /// The layer's dotted name (e.g. `transformer.transformer.blocks.0.attn.q_lif`).
    public let layer: String
    /// Spikes emitted.
    public var spikes: Int
    /// Neuron-steps simulated: neurons × T × calls.
    public var elements: Int
    /// The time window T of the calls.
    public let timeSteps: Int
    /// Calls recorded.
    public var calls: Int

    /// Spikes per neuron-step.
    public var firingRate: Double { elements > 0 ? Double(spikes) / Double(elements) : 0 }
  }

  private let state = Mutex<(order: [String], entries: [String: Entry])>(([], [:]))
  private let captured = Mutex<[String: (shape: [Int], spikes: [Float])]>([:])
  /// Layers whose first call's spikes are kept (for rasters).
  public let capturing: Set<String>

  /// An empty recorder.
  /// - Parameter capturing: layers whose spikes of the first recorded call are kept (`captures`).
  public init(capturing: Set<String> = []) {
    self.capturing = capturing
  }

  /// Keeps a layer's spikes `[T, ...]` if it is captured and not yet kept.
  public func capture(layer: String, shape: [Int], spikes: [Float]) {
    guard capturing.contains(layer) else { return }
    captured.withLock { if $0[layer] == nil { $0[layer] = (shape, spikes) } }
  }

  /// The kept spikes by layer: shape `[T, ...]` and values.
  public var captures: [String: (shape: [Int], spikes: [Float])] { captured.withLock { $0 } }

  /// Adds one call of a layer.
  /// - Parameters:
  ///   - layer: the layer's name.
  ///   - spikes: spikes emitted by the call.
  ///   - elements: neuron-steps of the call (neurons × T).
  ///   - timeSteps: T.
  public func record(layer: String, spikes: Int, elements: Int, timeSteps: Int) {
    state.withLock { state in
      if var entry = state.entries[layer] {
        entry.spikes += spikes
        entry.elements += elements
        entry.calls += 1
        state.entries[layer] = entry
      } else {
        state.order.append(layer)
        state.entries[layer] = Entry(layer: layer, spikes: spikes, elements: elements, timeSteps: timeSteps, calls: 1)
      }
    }
  }

  /// Every layer's totals, in the order layers first reported.
  public var entries: [Entry] {
    state.withLock { state in state.order.compactMap { state.entries[$0] } }
  }

  /// Total spikes over all layers.
  public var totalSpikes: Int { entries.reduce(0) { $0 + $1.spikes } }

  /// Total neuron-steps over all layers.
  public var totalElements: Int { entries.reduce(0) { $0 + $1.elements } }

  /// Spikes per neuron-step over all layers (0 before anything was recorded).
  public var firingRate: Double {
    let elements = totalElements
    return elements > 0 ? Double(totalSpikes) / Double(elements) : 0
  }

  /// Forgets everything recorded.
  public func reset() {
    state.withLock { $0 = ([], [:]) }
  }
}
