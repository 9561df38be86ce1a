import CKernels
import Foundation
import TensorTestSupport
import Testing

@testable import TensorEngine

/// The vectorised kernels against plain reference formulas.
@Suite struct KernelTests {
  @Test func expIsWithinTwoUlpsAndHandlesTheEdges() {
    let inputs: [Float] = stride(from: -86.99, through: 88.5, by: 0.0137).map { Float($0) } + [0, -0.0, 1e-8, -1e-8]
    var outputs = [Float](repeating: 0, count: inputs.count)
    smr_exp(inputs, inputs.count, &outputs)
    for (x, y) in zip(inputs, outputs) {
      let exact = Foundation.exp(Double(x))
      #expect(abs(Double(y) - exact) <= 2 * Double(Float(exact).ulp), "exp(\(x)) = \(y), expected \(exact)")
    }
    let edges: [Float] = [-1e4, -87.01, 89, .infinity, -.infinity, .nan]
    var edgeOutputs = [Float](repeating: 1, count: edges.count)
    smr_exp(edges, edges.count, &edgeOutputs)
    #expect(edgeOutputs[0] == 0 && edgeOutputs[1] == 0 && edgeOutputs[4] == 0)
    #expect(edgeOutputs[2] == .infinity && edgeOutputs[3] == .infinity && edgeOutputs[5].isNaN)
  }

  @Test func maskedSoftmaxMatchesTheDefinition() {
    let (rows, columns) = (3, 7)
    let scores = GradientCheck.values(rows * columns, seed: 5).map { $0 * 4 }
    let padding: [Float] = [-1e4, 0, 0, -1e4, 0, 0, 0]
    var block = scores
    // Query positions 1, 3, 5 (start 1, step 2).
    smr_masked_softmax(&block, rows, columns, 1, 2, padding)
    for i in 0..<rows {
      let limit = 1 + 2 * i
      let row = (0..<columns).map { j in Double(j > limit ? -1e4 : scores[i * columns + j]) + Double(padding[j]) }
      let maximum = row.max() ?? 0
      let total = row.map { Foundation.exp($0 - maximum) }.reduce(0, +)
      for j in 0..<columns {
        let expected = Foundation.exp(row[j] - maximum) / total
        #expect(abs(Double(block[i * columns + j]) - expected) < 1e-6)
        if j > limit || padding[j] != 0 { #expect(block[i * columns + j] == 0) }
      }
    }
  }

  @Test func dropoutHashKeepsTheRateAndDependsOnKeyAndIndex() {
    let count = 200_000
    let ones = [Float](repeating: 1, count: count)
    var output = [Float](repeating: 0, count: count)
    let threshold = UInt32((0.1 * 4_294_967_296.0).rounded())
    smr_dropout(ones, nil, count, 42, 0, threshold, 1 / 0.9, &output)
    let kept = output.filter { $0 != 0 }.count
    // Binomial(200000, 0.9): standard deviation ≈ 134; allow 5 of them.
    #expect(abs(kept - 180_000) < 670)
    #expect(output.allSatisfy { $0 == 0 || $0 == 1 / Float(0.9) })
    // An offset continues the same mask; another key gives another one.
    var tail = [Float](repeating: 0, count: 1000)
    smr_dropout(ones, nil, 1000, 42, UInt64(count - 1000), threshold, 1 / 0.9, &tail)
    #expect(Array(output.suffix(1000)) == tail)
    #expect(smr_dropout_hash(42, 7) != smr_dropout_hash(43, 7) && smr_dropout_hash(42, 7) != smr_dropout_hash(42, 8))
  }

  @Test func residualDropoutIsResidualPlusDropout() {
    let tape = Tape()
    let x = tape.parameter(GradientCheck.tensor([4, 50], seed: 8))
    let r = tape.parameter(GradientCheck.tensor([4, 50], seed: 9))
    var a = DropoutGenerator(seed: 3)
    var b = DropoutGenerator(seed: 3)
    let fused = x.dropout(rate: 0.3, generator: &a, addedTo: r)
    let separate = r + x.dropout(rate: 0.3, generator: &b)
    #expect(fused.value == separate.value)
    GradientCheck.check([GradientCheck.tensor([3, 20], seed: 10), GradientCheck.tensor([3, 20], seed: 11)]) { v in
      var g = DropoutGenerator(seed: 5)
      return v[0].dropout(rate: 0.4, generator: &g, addedTo: v[1])
    }
  }

  @Test func layerNormMatchesADoublePrecisionReference() {
    let (rows, width) = (5, 37)
    let x = GradientCheck.values(rows * width, seed: 12).map { $0 * 3 + 1 }
    let gamma = GradientCheck.values(width, seed: 13)
    let beta = GradientCheck.values(width, seed: 14)
    var y = [Float](repeating: 0, count: x.count)
    var mean = [Float](repeating: 0, count: rows)
    var rstd = [Float](repeating: 0, count: rows)
    smr_layer_norm_forward(x, gamma, beta, 1e-5, rows, width, &y, &mean, &rstd)
    for r in 0..<rows {
      let row = x[(r * width)..<((r + 1) * width)].map(Double.init)
      let mu = row.reduce(0, +) / Double(width)
      let variance = row.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(width)
      for c in 0..<width {
        let expected = Double(gamma[c]) * (row[c] - mu) / (variance + 1e-5).squareRoot() + Double(beta[c])
        #expect(abs(Double(y[r * width + c]) - expected) < 1e-5)
      }
    }
  }
}

@Suite struct QueryRowTests {
  @Test(arguments: [(0, 1), (1, 3), (2, 2), (4, 5)])
  func attentionOnQueryRowsEqualsThoseRowsOfTheFullAttention(start: Int, step: Int) {
    let input = GradientCheck.tensor([2, 6, 12], seed: 70)
    let padding: [Float] = [-1e4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    let tape = Tape()
    var g1 = DropoutGenerator(seed: 0)
    var g2 = DropoutGenerator(seed: 0)
    let full = tape.constant(input).causalSelfAttention(heads: 2, padding: padding, dropout: 0, generator: &g1)
    let some = tape.constant(input).causalSelfAttention(
      heads: 2, padding: padding, dropout: 0, generator: &g2, queryStart: start, queryStep: step)
    let expected = full.rows(start: start, step: step).value
    #expect(some.value.shape == expected.shape)
    #expect(zip(some.value.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
    GradientCheck.check([input]) { v in
      var g = DropoutGenerator(seed: 0)
      return v[0].causalSelfAttention(heads: 2, padding: padding, dropout: 0, generator: &g, queryStart: start, queryStep: step)
    }
    GradientCheck.check([input]) { v in
      var g = DropoutGenerator(seed: 9)
      return v[0].causalSelfAttention(heads: 1, padding: nil, dropout: 0.3, generator: &g, queryStart: start, queryStep: step)
    }
  }

  @Test func rowsPicksAndScattersBack() {
    let x = Tensor(shape: [1, 4, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
    let tape = Tape()
    let v = tape.parameter(x)
    #expect(v.rows(start: 1, step: 2).value == Tensor(shape: [1, 2, 2], scalars: [2, 3, 6, 7]))
    #expect(tape.gradients(of: v.rows(start: 1, step: 2).sum())[v].scalars == [0, 0, 1, 1, 0, 0, 1, 1])
    GradientCheck.check([GradientCheck.tensor([2, 5, 3], seed: 71)]) { $0[0].rows(start: 2, step: 2) }
  }
}

@Suite struct PackedProductTests {
  /// `C += A·Wᵀ` with W packed, for odd sizes (a partial last panel, every row-block remainder), and a
  /// panel range that must leave the other columns alone.
  @Test func packedProductMatchesANaiveProduct() {
    guard smr_packed_gemm_available() != 0 else { return }  // no AVX-512F or AVX2: the runner uses BLAS instead
    let (m, n, k) = (15, 70, 19)
    let a = GradientCheck.values(m * k, seed: 40)
    let w = GradientCheck.values(n * k, seed: 41)
    let start = GradientCheck.values(m * n, seed: 42)
    var packed = [Float](repeating: .nan, count: smr_packed_size(n, k))
    smr_pack_weights(w, n, k, &packed)
    var c = start
    smr_packed_gemm(a, k, packed, m, n, k, &c, n, 0, 3)
    for i in 0..<m {
      for j in 0..<n {
        let expected = Double(start[i * n + j]) + (0..<k).reduce(0.0) { $0 + Double(a[i * k + $1]) * Double(w[j * k + $1]) }
        #expect(abs(Double(c[i * n + j]) - expected) < 1e-5)
      }
    }
    // Epilogues: C = AWᵀ + b, max(AWᵀ + b, 0), C += AWᵀ + b.
    let bias = GradientCheck.values(n, seed: 43)
    for mode in [Int32(SMR_BIAS), Int32(SMR_BIAS_RELU), Int32(SMR_ACCUMULATE_BIAS)] {
      var out = start
      smr_packed_gemm_ex(a, k, packed, m, n, k, &out, n, 0, 3, bias, mode)
      for i in 0..<m {
        for j in 0..<n {
          let product = Double(c[i * n + j]) - Double(start[i * n + j])
          var expected = product + Double(bias[j])
          if mode == Int32(SMR_BIAS_RELU) { expected = max(expected, 0) }
          if mode == Int32(SMR_ACCUMULATE_BIAS) { expected += Double(start[i * n + j]) }
          #expect(abs(Double(out[i * n + j]) - expected) < 1e-5, "mode \(mode)")
        }
      }
    }
    var partial = start
    smr_packed_gemm(a, k, packed, m, n, k, &partial, n, 1, 2)
    for i in 0..<m {
      for j in 0..<n where !(32..<64).contains(j) { #expect(partial[i * n + j] == start[i * n + j]) }
      for j in 32..<64 { #expect(partial[i * n + j] == c[i * n + j]) }
    }
  }
}

extension PackedProductTests {
  /// Each output is one chain of fused multiply-adds in increasing k from zero per block of 256 inputs, then
  /// `bias + Σ` / `C + Σ` (ReLU products unblocked), bit for bit: the order the AVX-512F and AVX2 kernels share,
  /// so results do not depend on which of the two the CPU runs.
  @Test func packedProductIsTheFusedChainBitForBit() {
    guard smr_packed_gemm_available() != 0 else { return }
    let (m, n, k) = (13, 50, 300)  // every 6-row remainder, a partial half panel, two inner blocks
    let a = GradientCheck.values(m * k, seed: 44), w = GradientCheck.values(n * k, seed: 45)
    let start = GradientCheck.values(m * n, seed: 46), bias = GradientCheck.values(n, seed: 47)
    var packed = [Float](repeating: .nan, count: smr_packed_size(n, k))
    smr_pack_weights(w, n, k, &packed)
    func chain(_ i: Int, _ j: Int, _ range: Range<Int>) -> Float {
      range.reduce(Float(0)) { $0.addingProduct(a[i * k + $1], w[j * k + $1]) }
    }
    for mode in [Int32(SMR_STORE), Int32(SMR_ACCUMULATE), Int32(SMR_BIAS), Int32(SMR_BIAS_RELU), Int32(SMR_ACCUMULATE_BIAS)] {
      var out = start
      smr_packed_gemm_ex(a, k, packed, m, n, k, &out, n, 0, 2, bias, mode)
      for i in 0..<m {
        for j in 0..<n {
          var expected: Float
          if mode == Int32(SMR_BIAS_RELU) {
            expected = max(bias[j] + chain(i, j, 0..<k), 0)
          } else {
            let first = chain(i, j, 0..<256)
            switch mode {
            case Int32(SMR_BIAS): expected = bias[j] + first
            case Int32(SMR_ACCUMULATE): expected = start[i * n + j] + first
            case Int32(SMR_ACCUMULATE_BIAS): expected = start[i * n + j] + (bias[j] + first)
            default: expected = first
            }
            expected = expected + chain(i, j, 256..<k)
          }
          #expect(out[i * n + j].bitPattern == expected.bitPattern, "mode \(mode) at (\(i), \(j))")
        }
      }
    }
  }
}

@Suite struct PackedGemmTests {
  /// Every transpose combination, with and without a bias, equals BLAS (where the CPU has the kernel).
  @Test func packedTensorProductsEqualBLAS() {
    guard PackedProduct.isAvailable else { return }
    let (m, n, k) = (130, 45, 300)  // a partial panel, row-group remainders, two inner blocks
    for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
      let a = GradientCheck.tensor(transposeA ? [k, m] : [m, k], seed: 50)
      let b = GradientCheck.tensor(transposeB ? [n, k] : [k, n], seed: 51)
      for bias in [nil, GradientCheck.tensor([n], seed: 52)] {
        let ours = Tensor.gemm(a, transposeA: transposeA, b, transposeB: transposeB, batch: 1, m: m, n: n, k: k, rowBias: bias)
        let blas = Tensor.gemm(
          a, transposeA: transposeA, b, transposeB: transposeB, batch: 1, m: m, n: n, k: k, rowBias: bias, allowPacked: false)
        #expect(ours.shape == blas.shape)
        #expect(zip(ours.scalars, blas.scalars).allSatisfy { abs($0 - $1) < 1e-4 }, "\(transposeA) \(transposeB)")
      }
    }
  }
}
