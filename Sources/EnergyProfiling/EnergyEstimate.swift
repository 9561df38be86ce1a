/// An energy estimate of one action from a model's census, the measured firing rates and an energy table.
///
/// Compute-only (the spiking-transformer literature's convention): `E = E_MAC·Σ MACs + E_AC·Σ ACs`, where a
/// spike-input layer's accumulates (synaptic operations) are `SOP = rate × dense operations` — the rate of the
/// spiking layer feeding it, measured as spikes per neuron-step over the evaluation's forwards; T enters once,
/// through the dense operations of per-step layers (not again through the rate). Memory-aware, beside it: one
/// weight read per MAC or SOP (no reuse) and two state accesses (write, read) per output element and per
/// neuron-step, at the table's costs.
public struct EnergyEstimate: Sendable, Equatable, Codable {
  /// One layer's figures.
  public struct Row: Sendable, Equatable, Codable {
    /// The layer.
    public let layer: String
    /// Its booking.
    public let kind: ModelCensus.Layer.Kind
    /// The input's spikes and neuron-steps per action (spike-input layers), and its firing rate.
    public let inputSpikes: Double?, inputElements: Double?, inputRate: Double?
    /// Dense operations, multiply-accumulates and accumulates (synaptic operations) per action.
    public let denseOperations: Double, multiplyAccumulates: Double, accumulates: Double
    /// Compute energy and memory-aware energy, pJ per action.
    public let computeEnergy: Double, memoryEnergy: Double
  }

  /// The table used.
  public let table: EnergyTable
  /// The census.
  public let model: String
  /// Per layer.
  public let rows: [Row]
  /// Totals per action: MACs, ACs, dense operations, compute and memory-aware energy (pJ), spikes, neuron-steps.
  public let multiplyAccumulates: Double, accumulates: Double, denseOperations: Double
  /// See above.
  public let computeEnergy: Double, memoryEnergy: Double
  /// See above.
  public let spikes: Double, neuronSteps: Double

  /// The estimate.
  /// - Parameters:
  ///   - rates: per spiking layer, spikes and neuron-steps per action (a recorder's totals divided by actions).
  public init(census: ModelCensus, rates: [String: (spikes: Double, elements: Double)], table: EnergyTable) {
    self.table = table
    model = census.model
    func rate(_ layer: String) -> Double {
      guard let r = rates[layer], r.elements > 0 else { return 0 }
      return r.spikes / r.elements
    }
    var rows: [Row] = []
    for layer in census.layers {
      var (macs, acs) = (0.0, 0.0)
      var (spikes, elements, inputRate): (Double?, Double?, Double?) = (nil, nil, nil)
      switch layer.kind {
      case .realInput:
        macs = layer.denseOperations
      case .spikeInput:
        let input = layer.inputs.first ?? ""
        (spikes, elements, inputRate) = (rates[input]?.spikes, rates[input]?.elements, rate(input))
        acs = rate(input) * layer.denseOperations
      case .mixing:
        acs = Self.mixingAccumulates(layer, rate: rate)
      }
      let compute = macs * table.multiplyAccumulate + acs * table.accumulate
      let memory = (macs + acs) * table.weightRead + 2 * layer.outputs * table.stateAccess
      rows.append(Row(layer: layer.name, kind: layer.kind, inputSpikes: spikes, inputElements: elements, inputRate: inputRate,
        denseOperations: layer.denseOperations, multiplyAccumulates: macs, accumulates: acs, computeEnergy: compute,
        memoryEnergy: compute + memory))
    }
    // Sums over the dictionaries in name order: their own order differs from process to process.
    let neurons = census.neuronSteps.keys.sorted()
    let neuronSteps = neurons.reduce(0) { $0 + (census.neuronSteps[$1] ?? 0) }
    let membrane = 2 * neuronSteps * table.stateAccess
    self.rows = rows
    multiplyAccumulates = rows.reduce(0) { $0 + $1.multiplyAccumulates }
    accumulates = rows.reduce(0) { $0 + $1.accumulates }
    denseOperations = rows.reduce(0) { $0 + $1.denseOperations }
    computeEnergy = rows.reduce(0) { $0 + $1.computeEnergy }
    memoryEnergy = rows.reduce(0) { $0 + $1.memoryEnergy } + membrane
    spikes = neurons.reduce(0) { $0 + (rates[$1]?.spikes ?? 0) }
    self.neuronSteps = neuronSteps
  }

  /// Mixing accumulates by the census's convention: PSSA rate(K)·rate(V)·dense; TSSA/SSSA half the dense
  /// operations at rate(Q)·rate(K) (Q·Kᵀ), half at rate(V) (A·V).
  static func mixingAccumulates(_ layer: ModelCensus.Layer, rate: (String) -> Double) -> Double {
    if layer.inputs.count == 2 { return rate(layer.inputs[0]) * rate(layer.inputs[1]) * layer.denseOperations }
    guard layer.inputs.count == 3 else { return layer.denseOperations }
    let half = layer.denseOperations / 2
    return rate(layer.inputs[0]) * rate(layer.inputs[1]) * half + rate(layer.inputs[2]) * half
  }
}
