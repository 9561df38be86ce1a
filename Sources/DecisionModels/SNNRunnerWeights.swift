import Parallelism
import Foundation
import NeuralNetworks
import SpikingLayers
import TensorEngine

/// The SNN-DT's parameters prepared for `SNNDecisionTransformerRunner`.
final class SNNRunnerWeights {
  /// The trajectory embedding's tensors.
  struct Embedding {
    let timestep: [Float], returnWeight: [Float], returnBias: [Float], stateWeight: [Float], stateBias: [Float]
    let actionWeight: [Float], actionBias: [Float], normGamma: [Float], normBeta: [Float]
    /// `embed_state.weight` and `embed_action.weight` transposed, `(in, D)`: one column update per input.
    let stateWeightTransposed: [Float], actionWeightTransposed: [Float]
  }

  /// `w (rows × columns)` transposed to `(columns × rows)`.
  static func transposed(_ w: [Float], rows: Int) -> [Float] {
    let columns = w.count / max(rows, 1)
    return (0..<(rows * columns)).map { i in w[(i % rows) * columns + i / rows] }
  }

  /// One block.
  struct Block {
    let ln1Gamma: [Float], ln1Beta: [Float], ln2Gamma: [Float], ln2Beta: [Float]
    let query: EventDrivenLinear, key: EventDrivenLinear, value: EventDrivenLinear, output: EventDrivenLinear
    let projection: EventDrivenLinear, fc: EventDrivenLinear, mlpProjection: EventDrivenLinear
    /// Phase gates `(T, H)` (1 pass, 0 block), fixed at inference.
    let gates: [Float]?
    let router: (weight: [Float], bias: [Float])?
  }

  let embedding: Embedding
  let blocks: [Block]
  let finalGamma: [Float], finalBeta: [Float], headWeight: [Float], headBias: [Float]

  /// Reads the parameters.
  /// - Throws: `DecisionModelError` for a missing or misshapen tensor.
  init(model: SNNDecisionTransformer, store: ParameterStore, pool: WorkerPool? = nil) throws(DecisionModelError) {
    let c = model.configuration
    let (d, f, heads) = (c.hiddenSize, c.innerSize, c.heads)
    func tensor(_ name: String, _ shape: [Int]) throws(DecisionModelError) -> [Float] {
      guard let t = store[name] else { throw .missingParameter(name: name) }
      guard t.shape == shape else { throw .parameterShape(name: name, expected: shape, found: t.shape) }
      return t.scalars
    }
    func linear(_ name: String, _ inputs: Int, _ outputs: Int, dense: Bool) throws(DecisionModelError) -> EventDrivenLinear {
      EventDrivenLinear(weight: try tensor("\(name).weight", [outputs, inputs]), bias: try tensor("\(name).bias", [outputs]),
        inputs: inputs, outputs: outputs, crossover: dense ? 0 : nil, pool: pool)
    }
    let (stateWeight, actionWeight) = (try tensor("embed_state.weight", [d, c.stateDimension]), try tensor("embed_action.weight", [d, c.actionDimension]))
    embedding = Embedding(
      timestep: try tensor("embed_timestep.weight", [c.maxEpisodeLength, d]), returnWeight: try tensor("embed_return.weight", [d, 1]),
      returnBias: try tensor("embed_return.bias", [d]), stateWeight: stateWeight,
      stateBias: try tensor("embed_state.bias", [d]), actionWeight: actionWeight,
      actionBias: try tensor("embed_action.bias", [d]), normGamma: try tensor("embed_ln.weight", [d]), normBeta: try tensor("embed_ln.bias", [d]),
      stateWeightTransposed: Self.transposed(stateWeight, rows: d), actionWeightTransposed: Self.transposed(actionWeight, rows: d))
    var blocks: [Block] = []
    for block in model.blocks {
      let p = block.name
      let a = "\(p).attn.snn_attn"
      var gates: [Float]?
      if c.positionalGating {
        let (omega, phi) = (try tensor("\(a).positional_encoder.omega", [heads]), try tensor("\(a).positional_encoder.phi", [heads]))
        var open = [Float](repeating: 0, count: c.timeSteps * heads)
        for step in 0..<c.timeSteps {
          for k in 0..<heads where Foundation.sin(omega[k] * Float(step) + phi[k]) > 0 { open[step * heads + k] = 1 }
        }
        gates = open
      }
      let router = c.dendriticRouting
        ? (weight: try tensor("\(a).dendritic_router.weight", [heads, heads]), bias: try tensor("\(a).dendritic_router.bias", [heads])) : nil
      blocks.append(Block(
        ln1Gamma: try tensor("\(p).ln_1.weight", [d]), ln1Beta: try tensor("\(p).ln_1.bias", [d]),
        ln2Gamma: try tensor("\(p).ln_2.weight", [d]), ln2Beta: try tensor("\(p).ln_2.bias", [d]),
        query: try linear("\(a).q_proj.fc", d, d, dense: true), key: try linear("\(a).k_proj.fc", d, d, dense: true),
        value: try linear("\(a).v_proj.fc", d, d, dense: true), output: try linear("\(a).out_proj.fc", d, d, dense: false),
        projection: try linear("\(p).attn.c_proj", d, d, dense: false), fc: try linear("\(p).mlp.c_fc", d, f, dense: true),
        mlpProjection: try linear("\(p).mlp.c_proj", f, d, dense: false), gates: gates, router: router))
    }
    self.blocks = blocks
    finalGamma = try tensor("transformer.ln_f.weight", [d])
    finalBeta = try tensor("transformer.ln_f.bias", [d])
    headWeight = try tensor("predict_action.weight", [c.actionDimension, d])
    headBias = try tensor("predict_action.bias", [c.actionDimension])
  }
}
