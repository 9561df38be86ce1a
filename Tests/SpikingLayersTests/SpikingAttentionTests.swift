import SpikingLayers
import TensorEngine
import TensorTestSupport
import Testing

/// The three spiking attentions against the formulas of MODELS.md §1.8 written as loops, and their
/// backwards against finite differences (the operations are polynomials in Q, K, V and W).
@Suite struct SpikingAttentionTests {
  // T 3, B 2, L 5, D 4
  static let shape = [3, 2, 5, 4]
  static let keyMask: [Float] = [1, 1, 1, 1, 1, 0, 0, 1, 1, 1]

  static func spikes(seed: UInt64) -> Tensor {
    Tensor(shape: shape, scalars: GradientCheck.values(shape.reduce(1, *), seed: seed).map { $0 > 0 ? 1 : 0 })
  }

  static func at(_ x: Tensor, _ t: Int, _ b: Int, _ i: Int, _ c: Int) -> Float {
    x.scalars[((t * shape[1] + b) * shape[2] + i) * shape[3] + c]
  }

  static func visible(_ b: Int, _ i: Int, _ j: Int, mask: [Float]?) -> Float {
    j <= i && (mask?[b * shape[2] + j] ?? 1) != 0 ? 1 : 0
  }

  /// Z per the formulas, `heads` heads, `kind` the variant.
  static func reference(
    _ kind: SpikingAttentionKind, _ q: Tensor, _ k: Tensor, _ v: Tensor, positions: Tensor, window: Int, heads: Int,
    mask: [Float]?
  ) -> [Float] {
    let (steps, batch, length, width) = (shape[0], shape[1], shape[2], shape[3])
    let dh = width / heads
    var z = [Float](repeating: 0, count: q.count)
    for t in 0..<steps {
      for b in 0..<batch {
        for i in 0..<length {
          for c in 0..<width {
            let head = c / dh
            var total: Float = 0
            for j in 0..<length where visible(b, i, j, mask: mask) != 0 {
              switch kind {
              case .pssa:
                if i - j < window { total += positions.scalars[i * positions.shape[1] + j] * at(k, t, b, j, c) * at(v, t, b, j, c) }
              case .sssa, .tssa:
                var score: Float = 0
                for tt in (kind == .sssa ? t..<(t + 1) : 0..<steps) {
                  for cc in (head * dh)..<((head + 1) * dh) { score += at(q, tt, b, i, cc) * at(k, tt, b, j, cc) }
                }
                total += score * at(v, t, b, j, c)
              }
            }
            z[((t * batch + b) * length + i) * width + c] = kind == .pssa ? at(q, t, b, i, c) * total : total
          }
        }
      }
    }
    return z
  }

  static func attend(
    _ kind: SpikingAttentionKind, _ x: [Variable], window: Int = 3, heads: Int, mask: [Float]?
  ) -> Variable {
    switch kind {
    case .pssa: Variable.positionalSpikingAttention(q: x[0], k: x[1], v: x[2], positions: x[3], window: window, keyMask: mask)
    case .tssa: Variable.temporalSpikingAttention(q: x[0], k: x[1], v: x[2], heads: heads, keyMask: mask)
    case .sssa: Variable.stepSpikingAttention(q: x[0], k: x[1], v: x[2], heads: heads, keyMask: mask)
    }
  }

  @Test(arguments: SpikingAttentionKind.allCases, [1, 2])
  func forwardIsTheFormula(kind: SpikingAttentionKind, heads: Int) {
    let (q, k, v) = (Self.spikes(seed: 1), Self.spikes(seed: 2), Self.spikes(seed: 3))
    let positions = GradientCheck.tensor([6, 6], seed: 4)
    for mask in [nil, Self.keyMask] {
      let tape = Tape()
      let inputs = [q, k, v, positions].map { tape.constant($0) }
      let z = Self.attend(kind, inputs, heads: heads, mask: mask).value.scalars
      let expected = Self.reference(kind, q, k, v, positions: positions, window: 3, heads: heads, mask: mask)
      #expect(zip(z, expected).allSatisfy { abs($0 - $1) <= 1e-5 }, "\(kind) heads \(heads) mask \(mask != nil)")
      #expect(z.contains { $0 != 0 })
    }
  }

  @Test(arguments: SpikingAttentionKind.allCases)
  func backwardMatchesFiniteDifferences(kind: SpikingAttentionKind) {
    // Real-valued Q, K, V: the operation is multilinear, so central differences are exact up to rounding.
    let inputs = [Self.shape, Self.shape, Self.shape].enumerated().map { GradientCheck.tensor($1, seed: UInt64(10 + $0)) }
      + (kind == .pssa ? [GradientCheck.tensor([6, 6], seed: 14)] : [])
    GradientCheck.check(inputs, tolerance: 2e-2) { Self.attend(kind, $0, heads: 2, mask: Self.keyMask) }
  }

  @Test func positionalWeightsOutsideTheBandGetNoGradient() {
    let tape = Tape()
    let positions = tape.parameter(Tensor(repeating: 1, shape: [5, 5]))
    let (q, k, v) = (tape.constant(Self.spikes(seed: 1)), tape.constant(Self.spikes(seed: 2)), tape.constant(Self.spikes(seed: 3)))
    let z = Variable.positionalSpikingAttention(q: q, k: k, v: v, positions: positions, window: 2, keyMask: nil)
    let gradient = tape.gradients(of: z.sum())[positions]
    for i in 0..<5 {
      for j in 0..<5 where j > i || i - j >= 2 { #expect(gradient.scalars[i * 5 + j] == 0, "(\(i), \(j))") }
    }
    #expect(gradient.scalars.contains { $0 != 0 })
  }
}
