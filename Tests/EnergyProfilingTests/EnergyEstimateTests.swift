import DecisionModels
import EnergyProfiling
import NeuralNetworks
import SpikingLayers
import TensorEngine
import Testing

/// The energy estimate against a hand computation with firing rates fixed by construction, and against a real
/// forward's recorder.
@Suite struct EnergyEstimateTests {
  /// D 4, 1 layer, K 2, T 2, PSSA window 2, MLP 8, BN (folded): every count by hand.
  @Test func matchesTheDocumentedFormulaByHand() {
    var c = SpikingDecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: false)
    (c.hiddenSize, c.layers, c.contextLength, c.timeSteps, c.window, c.mlpRatio, c.normalization) = (4, 1, 2, 2, 2, 2, .bn)
    let census = ModelCensus.dsformer(c)
    let p = "transformer.transformer.blocks.0"
    // Rates by construction: first_lif 1/4, k 1/2, v 1/4, attn 1/8, lif1 1/2, lif2 1/4 (neuron-steps T·L·width).
    let rates: [String: (spikes: Double, elements: Double)] = [
      "\(p).attn.first_lif": (4, 16), "\(p).attn.q_lif": (8, 16), "\(p).attn.k_lif": (8, 16), "\(p).attn.v_lif": (4, 16),
      "\(p).attn.attn_lif": (2, 16), "\(p).mlp.lif1": (8, 16), "\(p).mlp.lif2": (8, 32),
    ]
    let e = EnergyEstimate(census: census, rates: rates, table: .spec45nm)
    // MACs: embed L·(s+a+1)·D = 2·6·4 = 48, embed LN 4·L·D = 32, head L·D·A = 16.
    let macs: Double = 48 + 32 + 16
    // SOPs (T·L = 4 rows): q,k,v 3·(1/4)·4·4·4 = 48; last_m (1/8)·4·16 = 8; fc1 (1/2)·4·4·8 = 64; fc2 (1/4)·4·8·4 = 32.
    // PSSA mix: rate(K)·rate(V)·T·(min(1,2) + min(2,2))·D = (1/2)(1/4)·2·3·4 = 3.
    let acs: Double = 48 + 8 + 64 + 32 + 3
    #expect(e.multiplyAccumulates == macs && e.accumulates == acs)
    #expect(abs(e.computeEnergy - (4.6 * macs + 0.9 * acs)) < 1e-9)
    // T is counted once: doubling T doubles per-step SOPs, not quadruples them.
    var twice = c
    twice.timeSteps = 4
    let doubled = EnergyEstimate(census: ModelCensus.dsformer(twice), rates: rates.mapValues { ($0.spikes * 2, $0.elements * 2) }, table: .spec45nm)
    #expect(doubled.accumulates == 2 * acs && doubled.multiplyAccumulates == macs)
    #expect(e.spikes == 42 && e.neuronSteps == 128)
    // Memory-aware: compute + weight reads per MAC/SOP + 2 accesses per output and per neuron-step.
    let outputs = census.layers.reduce(0) { $0 + $1.outputs }
    #expect(abs(e.memoryEnergy - (e.computeEnergy + 10 * (macs + acs) + 20 * outputs + 20 * 128)) < 1e-6)
  }

  @Test func spikeCountsAreTheRecordersOnARealForward() {
    var c = SpikingDecisionTransformerConfiguration(stateDimension: 3, actionDimension: 2, discrete: false)
    (c.hiddenSize, c.layers, c.contextLength, c.timeSteps) = (8, 2, 3, 2)
    let model = SpikingDecisionTransformer(configuration: c)
    let (parameters, buffers) = model.initialState(seed: 1)
    var context = DecisionContext()
    for t in 0..<3 { context.append(state: [0.5, -1, 2], action: [0.1, 0.2], returnToGo: 1, timestep: t) }
    let recorder = SpikeRecorder()
    _ = model.action(context: context, parameters: parameters, buffers: buffers, recorder: recorder)
    let census = ModelCensus.dsformer(c)
    let rates = Dictionary(uniqueKeysWithValues: recorder.entries.map { ($0.layer, (Double($0.spikes), Double($0.elements))) })
    let e = EnergyEstimate(census: census, rates: rates, table: .int8)
    #expect(e.spikes == Double(recorder.totalSpikes))
    #expect(e.neuronSteps == Double(recorder.totalElements))
    #expect(Set(census.neuronSteps.keys) == Set(recorder.entries.map(\.layer)))
    for entry in recorder.entries { #expect(census.neuronSteps[entry.layer] == Double(entry.elements)) }
  }

  @Test func tablesAndErrors() throws {
    #expect(try EnergyTable.named("spec45nm").multiplyAccumulate == 4.6)
    #expect(try EnergyTable.named("int8").accumulate == 0.03)
    #expect(throws: EnergyProfilingError.self) { try EnergyTable.named("7nm") }
    #expect(throws: EnergyProfilingError.self) { try EnergyTable.named("/no/such.json") }
  }
}
