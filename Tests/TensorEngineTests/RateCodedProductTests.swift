import CKernels
import Testing

/// The rate-coded products (`smr_rate_plan`, `smr_rate_gemm`): the dense product of the SNN-DT's rate code up to
/// rounding, the same bits on the scalar and AVX-512F paths, and plans that classify inputs as documented.
@Suite struct RateCodedProductTests {
  /// Inputs spread over the three classes, with exact 0s and 1s, a NaN and values just inside (0, 1).
  static func inputs(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { i in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let u = Float(Int(state >> 40) % 4001 - 1500) / 1000  // −1.5 ... 2.5
      switch i % 23 { case 3: return 0 case 7: return 1 case 11: return .nan case 13: return 1e-7 case 17: return 0.9999999 default: return u }
    }
  }

  struct Plan {
    var indices: [Int32], counts: [Int32], values: [Float]
    init(_ x: [Float], rows: Int, k: Int, steps: Int, sharpness: Float) {
      let stride = (k + 15) / 16 * 16
      (indices, counts, values) = ([Int32](repeating: -1, count: rows * k), [Int32](repeating: -1, count: 2 * rows),
        [Float](repeating: 0, count: rows * steps * stride))
      var scratch = [Int32](repeating: 0, count: 4 * (k + 16))
      smr_rate_plan(x, rows, k, steps, sharpness, &indices, &counts, &values, &scratch)
    }
  }

  @Test(arguments: [(1, 1, 16), (4, 128, 128), (8, 128, 128), (10, 37, 70), (3, 300, 17), (4, 64, 200)])
  func rateCodedProductEqualsTheDenseProductOfTheRateCode(steps: Int, k: Int, n: Int) {
    let rows = 7
    let x = Self.inputs(rows * k, seed: UInt64(k * n + steps))
    let wt = SpikeProductTests.values(k * n, seed: 3)  // (k, n)
    let bias = SpikeProductTests.values(n, seed: 5)
    var wsum = [Float](repeating: 0, count: n)
    for i in 0..<k { for c in 0..<n { wsum[c] += wt[i * n + c] } }
    var codes = [Float](repeating: 0, count: steps * rows * k)
    smr_rate_code(x, rows * k, steps, 10, &codes, nil)
    let plan = Plan(x, rows: rows, k: k, steps: steps, sharpness: 10)
    var fast = [Float](repeating: .nan, count: steps * rows * n)
    var scalar = fast
    let ranFast = smr_rate_gemm(plan.indices, plan.counts, plan.values, rows, k, steps, 10, wt, wsum, n, bias, &fast, n, rows * n, Int32(SMR_PATH_BEST))
    let ranScalar = smr_rate_gemm(plan.indices, plan.counts, plan.values, rows, k, steps, 10, wt, wsum, n, bias, &scalar, n, rows * n, Int32(SMR_PATH_SCALAR))
    #expect(ranScalar == Int32(SMR_PATH_SCALAR) && ranFast >= 0)
    #expect(fast.map(\.bitPattern) == scalar.map(\.bitPattern), "paths disagree: T \(steps), k \(k), n \(n)")
    for t in 0..<steps {
      for r in 0..<rows {
        for c in 0..<n {
          var exact = Double(bias[c]), magnitude = abs(Double(bias[c]))
          for i in 0..<k {
            let term = Double(codes[(t * rows + r) * k + i]) * Double(wt[i * n + c])
            exact += term
            magnitude += abs(Double(wt[i * n + c]))
          }
          let got = Double(fast[(t * rows + r) * n + c])
          #expect(abs(got - exact) <= 1e-6 * magnitude, "T \(steps) k \(k) n \(n): y[\(t), \(r), \(c)] = \(got), dense \(exact)")
        }
      }
    }
  }

  @Test func planListsTheThreeClassesInOrderWithTheCodesMinusTheLowCode() {
    let (rows, k, steps) = (3, 41, 4)
    let x = Self.inputs(rows * k, seed: 9)
    let plan = Plan(x, rows: rows, k: k, steps: steps, sharpness: 10)
    var codes = [Float](repeating: 0, count: steps * rows * k)
    smr_rate_code(x, rows * k, steps, 10, &codes, nil)
    var low = [Float](repeating: 0, count: steps)
    smr_rate_code([0], 1, steps, 10, &low, nil)
    for r in 0..<rows {
      let row = Array(x[(r * k)..<((r + 1) * k)])
      let lo = (0..<k).filter { !(row[$0] > 0) }, hi = (0..<k).filter { row[$0] >= 1 }
      let live = (0..<k).filter { row[$0] > 0 && row[$0] < 1 }
      #expect(plan.counts[2 * r] == Int32(lo.count) && plan.counts[2 * r + 1] == Int32(hi.count))
      #expect(plan.indices[(r * k)..<((r + 1) * k)].map(Int.init) == lo + hi + live)
      let stride = (k + 15) / 16 * 16
      for t in 0..<steps {
        for (position, i) in live.enumerated() {
          #expect(plan.values[(r * steps + t) * stride + position] == codes[(t * rows + r) * k + i] - low[t])
        }
      }
    }
  }

  @Test func refusesStepsOutsideTheRange() {
    var y = [Float](repeating: 7, count: 4)
    let ran = smr_rate_gemm([0], [0, 0], [0], 1, 1, 0, 10, [1], [1], 1, nil, &y, 1, 1, Int32(SMR_PATH_BEST))
    #expect(ran == -1 && y == [7, 7, 7, 7])
  }
}
