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
    var indices: [Int32], counts: [Int32], values: [Float], stepIndices: [Int32], stepCounts: [Int32]
    init(_ x: [Float], rows: Int, k: Int, steps: Int, sharpness: Float) {
      let stride = (k + 15) / 16 * 16
      (indices, counts, values) = ([Int32](repeating: -1, count: rows * k), [Int32](repeating: -1, count: 2 * rows),
        [Float](repeating: 0, count: rows * steps * stride))
      (stepIndices, stepCounts) = ([Int32](repeating: -1, count: rows * steps * stride), [Int32](repeating: -1, count: 2 * rows * steps))
      var scratch = [Int32](repeating: 0, count: (4 + steps) * (k + 16))
      smr_rate_plan(x, rows, k, steps, sharpness, &indices, &counts, &values, &stepIndices, &stepCounts, &scratch)
    }

    func product(rows: Int, k: Int, steps: Int, wt: [Float], wsum: [Float], n: Int, bias: [Float]?, path: Int32) -> ([Float], Int32) {
      var y = [Float](repeating: .nan, count: steps * rows * n)
      let ran = smr_rate_gemm(indices, counts, values, stepIndices, stepCounts, rows, k, steps, 10, wt, wsum, n, bias, &y, n, rows * n, path)
      return (y, ran)
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
    let (fast, ranFast) = plan.product(rows: rows, k: k, steps: steps, wt: wt, wsum: wsum, n: n, bias: bias, path: Int32(SMR_PATH_BEST))
    let (scalar, ranScalar) = plan.product(rows: rows, k: k, steps: steps, wt: wt, wsum: wsum, n: n, bias: bias, path: Int32(SMR_PATH_SCALAR))
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

  @Test(arguments: [4, 8, 10])
  func planListsTheClassesAndPerGroupTheBandAndTheEndsOfHolding(steps: Int) {
    let (rows, k) = (3, 41)
    let x = Self.inputs(rows * k, seed: 9)
    let plan = Plan(x, rows: rows, k: k, steps: steps, sharpness: 10)
    var codes = [Float](repeating: 0, count: steps * rows * k)
    smr_rate_code(x, rows * k, steps, 10, &codes, nil)
    var low = [Float](repeating: 0, count: steps)
    smr_rate_code([0], 1, steps, 10, &low, nil)
    let stride = (k + 15) / 16 * 16
    var (banded, heldCount, dropped) = (0, 0, 0)
    for r in 0..<rows {
      let row = Array(x[(r * k)..<((r + 1) * k)])
      let lo = (0..<k).filter { !(row[$0] > 0) }, hi = (0..<k).filter { row[$0] >= 1 }
      let live = (0..<k).filter { row[$0] > 0 && row[$0] < 1 }
      #expect(plan.counts[2 * r] == Int32(lo.count) && plan.counts[2 * r + 1] == Int32(hi.count))
      #expect(plan.indices[(r * k)..<((r + 1) * k)].map(Int.init) == lo + hi + live)
      let code = { (t: Int, i: Int) in codes[(t * rows + r) * k + i] - low[t] }
      // Held through a group: the code is exactly 1 − lo_t at every step up to the group's last.
      let held = { (last: Int, i: Int) in (0...last).allSatisfy { code($0, i) == 1 - low[$0] } }
      let groups = (steps + 3) / 4
      for g in 0..<groups {
        let steps_ = (4 * g)..<min(4 * g + 4, steps)
        let base = (r * groups + g) * stride
        let (band, ended) = (Int(plan.stepCounts[2 * (r * groups + g)]), Int(plan.stepCounts[2 * (r * groups + g) + 1]))
        let expectedBand = live.filter { i in !held(steps_.last!, i) && steps_.contains { abs(code($0, i)) > 0x1p-24 } }
        let next = g + 1 < groups ? min(4 * g + 8, steps) - 1 : nil
        let expectedEnds = live.filter { i in held(steps_.last!, i) && !(next.map { held($0, i) } ?? false) }
        #expect(plan.stepIndices[base..<(base + band)].map(Int.init) == expectedBand, "row \(r) group \(g)")
        #expect(plan.stepIndices[(base + band)..<(base + band + ended)].map(Int.init) == expectedEnds, "row \(r) group \(g)")
        for t in steps_ { for (j, i) in expectedBand.enumerated() { #expect(plan.values[(r * steps + t) * stride + j] == code(t, i)) } }
        banded += band
        let heldHere = live.filter { held(steps_.last!, $0) }.count
        (heldCount, dropped) = (heldCount + heldHere, dropped + live.count - band - heldHere)
      }
    }
    // Every class occurs, so the test sees each path.
    if steps > 4 { #expect(banded > 0 && heldCount > 0 && dropped > 0, "band \(banded), held \(heldCount), dropped \(dropped)") }
  }

  @Test func refusesStepsOutsideTheRange() {
    var y = [Float](repeating: 7, count: 4)
    let ran = smr_rate_gemm([0], [0, 0], [0], [0], [0, 0], 1, 1, 0, 10, [1], [1], 1, nil, &y, 1, 1, Int32(SMR_PATH_BEST))
    #expect(ran == -1 && y == [7, 7, 7, 7])
  }
}
