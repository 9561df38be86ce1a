import CKernels
import NeuralNetworks
import TensorEngine

/// A weight `(n, k)` packed for `smr_packed_gemm`, or its row-major original when the CPU has no packed
/// kernel.
struct RunnerMatrix {
  /// The row-major `(n, k)` weight.
  let weight: UnsafePointer<Float>
  /// The packed copy (nil without the packed kernel: no AVX-512F nor AVX2 + FMA).
  let packed: UnsafePointer<Float>?
  let n: Int, k: Int
}

/// A Decision Transformer's parameters copied into one contiguous allocation, with typed pointers per
/// tensor (for `DecisionTransformerRunner`; freed with it).
final class RunnerWeights {
  /// One block's tensors (PyTorch layouts: weights `(out, in)`).
  struct Block {
    let ln1Weight: UnsafePointer<Float>, ln1Bias: UnsafePointer<Float>
    let attentionWeight: UnsafePointer<Float>, attentionBias: UnsafePointer<Float>  // (3D, D), (3D,)
    let projectionWeight: UnsafePointer<Float>, projectionBias: UnsafePointer<Float>  // (D, D), (D,)
    let ln2Weight: UnsafePointer<Float>, ln2Bias: UnsafePointer<Float>
    let fcWeight: UnsafePointer<Float>, fcBias: UnsafePointer<Float>  // (F, D), (F,)
    let outputWeight: UnsafePointer<Float>, outputBias: UnsafePointer<Float>  // (D, F), (D,)
    /// The products' weights, packed: QKV, KV only (rows D..<3D), projection, MLP in, MLP out.
    let attention: RunnerMatrix, keyValue: RunnerMatrix, projection: RunnerMatrix, fc: RunnerMatrix, output: RunnerMatrix
  }

  private let storage: UnsafeMutablePointer<Float>
  let timestep: UnsafePointer<Float>  // (maxEpisodeLength, D)
  let returnWeight: UnsafePointer<Float>, returnBias: UnsafePointer<Float>  // (D, 1)
  let stateWeight: UnsafePointer<Float>, stateBias: UnsafePointer<Float>  // (D, S)
  let actionWeight: UnsafePointer<Float>, actionBias: UnsafePointer<Float>  // (D, A)
  let embeddingNormWeight: UnsafePointer<Float>, embeddingNormBias: UnsafePointer<Float>
  let finalNormWeight: UnsafePointer<Float>, finalNormBias: UnsafePointer<Float>
  let headWeight: UnsafePointer<Float>, headBias: UnsafePointer<Float>  // (A, D)
  let blocks: [Block]
  /// Whether the products use the packed kernel (AVX-512F or AVX2 + FMA).
  let packs: Bool

  /// Copies the parameters of `model` out of `store`.
  /// - Throws: `DecisionModelError` for a missing tensor or a shape the configuration does not imply.
  /// - Parameter allowPacking: use the packed kernel when the CPU has it (false: BLAS only, for tests).
  init(model: DecisionTransformer, store: ParameterStore, allowPacking: Bool = true) throws(DecisionModelError) {
    let c = model.configuration
    let (d, f) = (c.hiddenSize, c.innerSize)
    var shapes: [(String, [Int])] = [
      ("embed_timestep.weight", [c.maxEpisodeLength, d]), ("embed_return.weight", [d, 1]), ("embed_return.bias", [d]),
      ("embed_state.weight", [d, c.stateDimension]), ("embed_state.bias", [d]),
      ("embed_action.weight", [d, c.actionDimension]), ("embed_action.bias", [d]),
      ("embed_ln.weight", [d]), ("embed_ln.bias", [d]), ("transformer.ln_f.weight", [d]), ("transformer.ln_f.bias", [d]),
      ("predict_action.weight", [c.actionDimension, d]), ("predict_action.bias", [c.actionDimension]),
    ]
    for layer in 0..<c.layers {
      let p = "transformer.h.\(layer)"
      shapes += [
        ("\(p).ln_1.weight", [d]), ("\(p).ln_1.bias", [d]), ("\(p).attn.c_attn.weight", [3 * d, d]),
        ("\(p).attn.c_attn.bias", [3 * d]), ("\(p).attn.c_proj.weight", [d, d]), ("\(p).attn.c_proj.bias", [d]),
        ("\(p).ln_2.weight", [d]), ("\(p).ln_2.bias", [d]), ("\(p).mlp.c_fc.weight", [f, d]), ("\(p).mlp.c_fc.bias", [f]),
        ("\(p).mlp.c_proj.weight", [d, f]), ("\(p).mlp.c_proj.bias", [d]),
      ]
    }
    var tensors: [Tensor] = []
    for (name, shape) in shapes {
      guard let tensor = store[name] else { throw .missingParameter(name: name) }
      guard tensor.shape == shape else { throw .parameterShape(name: name, expected: shape, found: tensor.shape) }
      tensors.append(tensor)
    }
    let packs = allowPacking && smr_packed_gemm_available() != 0
    self.packs = packs
    let packedSize = packs ? c.layers * [(3 * d, d), (2 * d, d), (d, d), (f, d), (d, f)].reduce(0) { $0 + smr_packed_size($1.0, $1.1) } : 0
    storage = .allocate(capacity: max(tensors.reduce(0) { $0 + $1.count } + packedSize, 1))
    var pointers: [UnsafePointer<Float>] = []
    var offset = 0
    for tensor in tensors {
      let start = storage + offset
      _ = UnsafeMutableBufferPointer(start: start, count: tensor.count).initialize(from: tensor.scalars)
      pointers.append(UnsafePointer(start))
      offset += tensor.count
    }
    (timestep, returnWeight, returnBias) = (pointers[0], pointers[1], pointers[2])
    (stateWeight, stateBias, actionWeight, actionBias) = (pointers[3], pointers[4], pointers[5], pointers[6])
    (embeddingNormWeight, embeddingNormBias) = (pointers[7], pointers[8])
    (finalNormWeight, finalNormBias, headWeight, headBias) = (pointers[9], pointers[10], pointers[11], pointers[12])
    var packedOffset = offset
    let storage = self.storage
    func matrix(_ weight: UnsafePointer<Float>, _ n: Int, _ k: Int) -> RunnerMatrix {
      guard packs else { return RunnerMatrix(weight: weight, packed: nil, n: n, k: k) }
      let packed = storage + packedOffset
      smr_pack_weights(weight, n, k, packed)
      packedOffset += smr_packed_size(n, k)
      return RunnerMatrix(weight: weight, packed: UnsafePointer(packed), n: n, k: k)
    }
    var blocks: [Block] = []
    for layer in 0..<c.layers {
      let p = Array(pointers[(13 + 12 * layer)..<(25 + 12 * layer)])
      blocks.append(Block(
        ln1Weight: p[0], ln1Bias: p[1], attentionWeight: p[2], attentionBias: p[3], projectionWeight: p[4],
        projectionBias: p[5], ln2Weight: p[6], ln2Bias: p[7], fcWeight: p[8], fcBias: p[9], outputWeight: p[10],
        outputBias: p[11], attention: matrix(p[2], 3 * d, d), keyValue: matrix(p[2] + d * d, 2 * d, d),
        projection: matrix(p[4], d, d), fc: matrix(p[8], f, d), output: matrix(p[10], d, f)))
    }
    self.blocks = blocks
  }

  deinit { storage.deallocate() }
}
