import Parallelism
import NeuralNetworks
import SpikingLayers
import TensorEngine

/// Decision SpikeFormer's parameters prepared for `SpikingDecisionTransformerRunner`: every BN-based norm
/// (BN, or PTBN in its evaluation form) folded into the Linear before it, spike-input Linears as
/// `EventDrivenLinear`s, LayerNorms kept where the model uses LN.
final class SpikeFormerRunnerWeights {
  /// A norm that could not be folded: a LayerNorm's γ and β (nil when folded away).
  struct RowNorm {
    let gamma: [Float], beta: [Float]
  }

  /// A spike-input Linear and the norm after it.
  struct Projection {
    let linear: EventDrivenLinear
    let norm: RowNorm?
  }

  /// One block.
  struct Block {
    let query: Projection, key: Projection, value: Projection, output: Projection, fc1: Projection, fc2: Projection
  }

  /// The embedding's weight transposed, `(S + A + 1, D)`: the runner adds one input's column at a time (vectorised).
  let embedWeightTransposed: [Float]
  let embedBias: [Float], embedGamma: [Float], embedBeta: [Float]
  /// The optional timestep table `(rows, D)` (`embed_timestep.weight`).
  let timestepTable: [Float]?
  /// The optional return path `embed_return` (weight `(D, 1)`, bias `(D)`).
  let returnWeight: [Float]?, returnBias: [Float]?
  let blocks: [Block]
  /// PSSA matrices `(K, K)` per block (empty for TSSA/SSSA).
  let positions: [[Float]]
  /// The final norm: LN's γ/β, or the folded BN's per-channel scale and shift.
  let finalNorm: RowNorm?
  let finalScale: [Float], finalShift: [Float]
  let headWeight: [Float], headBias: [Float]

  /// Reads and prepares the parameters.
  /// - Throws: `DecisionModelError` for a missing or misshapen tensor or buffer.
  init(
    model: SpikingDecisionTransformer, parameters store: ParameterStore, buffers: BufferStore, crossover: Double?,
    groupedCrossover: Double?, pool: WorkerPool?
  ) throws(DecisionModelError) {
    let c = model.configuration
    func tensor(_ name: String, _ shape: [Int]) throws(DecisionModelError) -> [Float] {
      guard let t = store[name] else { throw .missingParameter(name: name) }
      guard t.shape == shape else { throw .parameterShape(name: name, expected: shape, found: t.shape) }
      return t.scalars
    }
    func projection(_ linear: Linear, _ norm: TemporalNorm) throws(DecisionModelError) -> Projection {
      var weight = try tensor("\(linear.name).weight", [linear.outputs, linear.inputs])
      var bias = try tensor("\(linear.name).bias", [linear.outputs])
      var rowNorm: RowNorm?
      if let ln = norm.layerNormName, norm.kind == .ln {
        rowNorm = RowNorm(gamma: try tensor("\(ln).weight", [norm.width]), beta: try tensor("\(ln).bias", [norm.width]))
      } else {
        let affine = try Self.affine(norm, store, buffers)
        (weight, bias) = BatchNormFolding.fold(weight: weight, bias: bias, scale: affine.scale, shift: affine.shift)
      }
      let event = EventDrivenLinear(
        weight: weight, bias: bias, inputs: linear.inputs, outputs: linear.outputs, crossover: crossover, timeSteps: c.timeSteps,
        groupedCrossover: groupedCrossover, pool: pool)
      return Projection(linear: event, norm: rowNorm)
    }
    let (d, a) = (c.hiddenSize, c.actionDimension)
    let width = c.stateDimension + a + 1
    let embedWeight = try tensor("embed.weight", [d, width])
    embedWeightTransposed = (0..<(width * d)).map { embedWeight[($0 % d) * width + $0 / d] }
    embedBias = try tensor("embed.bias", [d])
    timestepTable = try c.timestepEmbedding.map { rows throws(DecisionModelError) in try tensor("embed_timestep.weight", [rows, d]) }
    returnWeight = c.returnEmbedding == true ? try tensor("embed_return.weight", [d, 1]) : nil
    returnBias = c.returnEmbedding == true ? try tensor("embed_return.bias", [d]) : nil
    embedGamma = try tensor("embed_ln.weight", [d])
    embedBeta = try tensor("embed_ln.bias", [d])
    var blocks: [Block] = []
    var positions: [[Float]] = []
    for b in model.blocks {
      blocks.append(Block(
        query: try projection(b.query, b.queryNorm), key: try projection(b.key, b.keyNorm), value: try projection(b.value, b.valueNorm),
        output: try projection(b.output, b.outputNorm), fc1: try projection(b.fc1, b.norm1), fc2: try projection(b.fc2, b.norm2)))
      if c.attention == .pssa {
        let w = try tensor(b.positionsName, [c.contextLength, c.contextLength])
        let band = buffers[tensor: b.bandMaskName]?.scalars ?? Array(repeating: 1, count: w.count)
        positions.append(zip(w, band).map { $0 * $1 })
      }
    }
    self.blocks = blocks
    self.positions = positions
    let final = model.finalNorm
    if final.kind == .ln, let ln = final.layerNormName {
      finalNorm = RowNorm(gamma: try tensor("\(ln).weight", [d]), beta: try tensor("\(ln).bias", [d]))
      (finalScale, finalShift) = ([], [])
    } else {
      finalNorm = nil
      (finalScale, finalShift) = try Self.affine(final, store, buffers)
    }
    headWeight = try tensor("predict_action.0.weight", [a, d])
    headBias = try tensor("predict_action.0.bias", [a])
  }

  static func affine(_ norm: TemporalNorm, _ store: ParameterStore, _ buffers: BufferStore) throws(DecisionModelError) -> (scale: [Float], shift: [Float]) {
    guard let affine = norm.inferenceAffine(parameters: store, buffers: buffers) else {
      throw .missingBuffer(name: "\(norm.batchNormName ?? norm.name).running_mean")
    }
    return affine
  }
}
