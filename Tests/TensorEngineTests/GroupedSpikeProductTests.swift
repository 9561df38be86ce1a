import CKernels
import Testing

/// The time-grouped event-driven products (`smr_spike_gemm_grouped`, `smr_spike_weight_gradient_grouped`): the
/// forward equals the ungrouped product bit for bit; the gradient follows its documented order on every path this
/// CPU has (scalar, AVX2 + FMA, AVX-512F).
@Suite struct GroupedSpikeProductTests {
  /// Spikes whose rows `t·q + b` share most active inputs (as a token's T steps do), with some real values.
  static func groupedInput(groups: Int, q: Int, k: Int, seed: UInt64) -> [Float] {
    let base = SpikeProductTests.input(rows: q, k: k, seed: seed)
    let noise = SpikeProductTests.input(rows: groups * q, k: k, seed: seed &+ 1)
    return (0..<(groups * q * k)).map { i in
      let token = (i / k) % q, column = i % k
      return (i / k) / q % 2 == 0 ? base[token * k + column] : noise[i]
    }
  }

  @Test(arguments: [(1, 37, 5), (2, 64, 64), (3, 300, 70), (4, 520, 130), (4, 128, 512), (5, 40, 33)])
  func groupedForwardEqualsTheUngroupedProductBitForBit(groups: Int, k: Int, n: Int) {
    let q = 6
    let rows = groups * q
    let a = Self.groupedInput(groups: groups, q: q, k: k, seed: UInt64(k + n))
    let wt = SpikeProductTests.values(k * n, seed: 7)
    let bias = SpikeProductTests.values(n, seed: 11)
    let start = SpikeProductTests.values(rows * n, seed: 13)
    var scratch = [Int32](repeating: 0, count: k + 16)
    for (mode, withBias) in [(SMR_BIAS, true), (SMR_STORE, false), (SMR_ACCUMULATE_BIAS, true), (SMR_ACCUMULATE, false)] {
      var (grouped, plain) = (start, start)
      bias.withUnsafeBufferPointer { pb in
        let b = withBias ? pb.baseAddress : nil
        _ = smr_spike_gemm_grouped(a, k, rows, k, wt, n, b, &grouped, n, Int32(mode), &scratch, groups)
        smr_spike_gemm(a, k, rows, k, wt, n, b, &plain, n, Int32(mode), &scratch)
      }
      #expect(grouped.map(\.bitPattern) == plain.map(\.bitPattern), "groups \(groups), k \(k), n \(n), mode \(mode)")
    }
  }

  /// The documented order in Swift: tokens b in order; for every input active in any of a token's rows t·q + b,
  /// the token's sum over its rows (fused multiply-adds from +0, `addingProduct`) added once.
  static func gradientReference(g: [Float], a: [Float], groups: Int, q: Int, k: Int, n: Int, start: [Float]) -> [Float] {
    var dwt = start
    for b in 0..<q {
      for j in 0..<k where (0..<groups).contains(where: { a[($0 * q + b) * k + j] != 0 }) {
        for c in 0..<n {
          let sum = (0..<groups).reduce(Float(0)) { $0.addingProduct(a[($1 * q + b) * k + j], g[($1 * q + b) * n + c]) }
          dwt[j * n + c] += sum
        }
      }
    }
    return dwt
  }

  @Test(arguments: [(2, 37, 5), (3, 64, 70), (4, 300, 130), (4, 128, 512), (5, 40, 33), (8, 16, 19)])
  func groupedGradientFollowsItsDocumentedOrderOnEveryPath(groups: Int, k: Int, n: Int) {
    for spikes in [false, true] {
      let a = Self.groupedInput(groups: groups, q: 5, k: k, seed: UInt64(k * n)).map { spikes && $0 != 0 ? 1 : $0 }
      Self.expectDocumentedGradientOrder(a: a, groups: groups, k: k, n: n, label: spikes ? "spikes" : "values")
    }
  }

  /// Every path's gradient equals `gradientReference` bit for bit (spikes take the AVX-512 subset-sum table).
  static func expectDocumentedGradientOrder(a: [Float], groups: Int, k: Int, n: Int, label: String) {
    let q = 5
    let rows = groups * q
    let g = SpikeProductTests.values(rows * n, seed: 17)
    let start = SpikeProductTests.values(k * n, seed: 19)
    let expected = Self.gradientReference(g: g, a: a, groups: groups, q: q, k: k, n: n, start: start)
    var scratch = [Int32](repeating: 0, count: k + 16)
    var taken = Set<Int32>()
    for path in [SMR_PATH_SCALAR, SMR_PATH_AVX2, SMR_PATH_AVX512, SMR_PATH_BEST] {
      var dwt = start
      taken.insert(smr_spike_weight_gradient_grouped(g, n, a, k, rows, k, n, &dwt, &scratch, groups, Int32(path)))
      #expect(dwt.map(\.bitPattern) == expected.map(\.bitPattern), "\(label), path \(path), groups \(groups), k \(k), n \(n)")
    }
    #expect(taken.contains(Int32(SMR_PATH_SCALAR)))
  }

  @Test func oneGroupIsTheUngroupedGradient() {
    let (rows, k, n) = (7, 45, 21)
    let a = SpikeProductTests.input(rows: rows, k: k, seed: 3)
    let g = SpikeProductTests.values(rows * n, seed: 4)
    var scratch = [Int32](repeating: 0, count: k + 16)
    var (grouped, plain) = ([Float](repeating: 0, count: k * n), [Float](repeating: 0, count: k * n))
    _ = smr_spike_weight_gradient_grouped(g, n, a, k, rows, k, n, &grouped, &scratch, 1, Int32(SMR_PATH_BEST))
    smr_spike_weight_gradient(g, n, a, k, rows, k, n, &plain, &scratch)
    #expect(grouped.map(\.bitPattern) == plain.map(\.bitPattern))
  }

  @Test(arguments: [(1, 37), (3, 70), (4, 300)])
  func unionCountIsTheActivePairsOfEveryToken(groups: Int, k: Int) {
    let q = 6
    let a = Self.groupedInput(groups: groups, q: q, k: k, seed: UInt64(k))
    let expected = (0..<q).reduce(0) { sum, b in
      sum + (0..<k).filter { j in (0..<groups).contains { a[($0 * q + b) * k + j] != 0 } }.count
    }
    #expect(smr_group_union_count(a, k, groups * q, k, groups) == expected)
    if groups > 1 { #expect(smr_group_union_count(a, k, groups * q - 1, k, groups) == -1) }
  }
}
