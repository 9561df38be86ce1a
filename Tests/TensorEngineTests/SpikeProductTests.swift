import CKernels
import Testing

/// The event-driven products (`smr_spike_gemm`, `smr_spike_weight_gradient`) against their documented order of
/// fused multiply-adds, bit for bit, on whichever path this CPU takes (AVX-512F, AVX2 + FMA or scalar): output
/// `y[r, c] = (bias[c] + Σ_{block 0}) [+ y] + Σ_{block 1} + …`, each block's sum a chain of FMAs over its active
/// inputs (blocks of 256 inputs) in increasing index.
@Suite struct SpikeProductTests {
  /// Sparse rows: zeros, spikes (1) and a few real values, from a fixed linear congruential sequence.
  static func input(rows: Int, k: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<(rows * k)).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let u = Int(state >> 59)  // 0..<32
      return u < 20 ? 0 : u < 28 ? 1 : Float(u - 30) * 0.37
    }
  }

  static func values(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int(state >> 40) % 2001 - 1000) / 997
    }
  }

  /// The documented order, in Swift (`addingProduct` is a fused multiply-add).
  static func reference(
    a: [Float], rows: Int, k: Int, wt: [Float], n: Int, bias: [Float]?, y: [Float], accumulate: Bool
  ) -> [Float] {
    var out = y
    for r in 0..<rows {
      for c in 0..<n {
        var total: Float = 0
        for start in stride(from: 0, to: k, by: 256) {
          var block: Float = 0
          for i in start..<min(start + 256, k) where a[r * k + i] != 0 {
            block = block.addingProduct(a[r * k + i], wt[i * n + c])
          }
          if start == 0 {
            total = block
            if let bias { total = bias[c] + total }
            if accumulate { total = y[r * n + c] + total }
          } else {
            total = total + block
          }
        }
        out[r * n + c] = total
      }
    }
    return out
  }

  @Test(arguments: [(37, 5), (64, 64), (300, 70), (520, 130)])
  func spikeGemmFollowsItsDocumentedOrderExactly(k: Int, n: Int) {
    let rows = 3
    let a = Self.input(rows: rows, k: k, seed: UInt64(k * n))
    let wt = Self.values(k * n, seed: 7)
    let bias = Self.values(n, seed: 11)
    let start = Self.values(rows * n, seed: 13)
    var scratch = [Int32](repeating: 0, count: k + 16)
    let modes: [(Int32, Bool, Bool)] = [
      (Int32(SMR_BIAS), true, false), (Int32(SMR_STORE), false, false),
      (Int32(SMR_ACCUMULATE_BIAS), true, true), (Int32(SMR_ACCUMULATE), false, true),
    ]
    for (mode, withBias, accumulate) in modes {
      var y = start
      bias.withUnsafeBufferPointer { pb in
        smr_spike_gemm(a, k, rows, k, wt, n, withBias ? pb.baseAddress : nil, &y, n, mode, &scratch)
      }
      let expected = Self.reference(
        a: a, rows: rows, k: k, wt: wt, n: n, bias: withBias ? bias : nil, y: start, accumulate: accumulate)
      #expect(y == expected, "k \(k), n \(n), mode \(mode)")
    }
  }

  @Test(arguments: [(37, 5, 4), (300, 70, 3), (64, 130, 300)])
  func spikeWeightGradientIsAFusedAccumulationOverActiveInputs(k: Int, n: Int, rows: Int) {
    let a = Self.input(rows: rows, k: k, seed: UInt64(k + n))
    let g = Self.values(rows * n, seed: 17)
    let start = Self.values(k * n, seed: 19)
    var scratch = [Int32](repeating: 0, count: k + 16)
    var dwt = start
    smr_spike_weight_gradient(g, n, a, k, rows, k, n, &dwt, &scratch)
    var expected = start
    for r in 0..<rows {
      for i in 0..<k where a[r * k + i] != 0 {
        for c in 0..<n { expected[i * n + c] = expected[i * n + c].addingProduct(a[r * k + i], g[r * n + c]) }
      }
    }
    #expect(dwt == expected, "k \(k), n \(n), rows \(rows)")
  }
}
