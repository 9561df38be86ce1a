import TensorTestSupport
import Testing

@testable import TensorEngine

@Suite struct GradientTests {
  typealias G = GradientCheck

  @Test func arithmeticWithBroadcasting() {
    let a = G.tensor([2, 3, 4], seed: 1)
    let b = G.tensor([3, 1], seed: 2)
    let c = G.tensor([4], seed: 3, positive: true)
    G.check([a, b]) { $0[0] + $0[1] }
    G.check([a, b]) { $0[0] - $0[1] }
    G.check([a, b]) { $0[0] * $0[1] }
    G.check([a, c]) { $0[0] / $0[1] }
    G.check([a]) { -($0[0] * 3 + 2) }
  }

  @Test func nonlinearities() {
    let x = G.tensor([3, 5], seed: 4)
    G.check([x]) { $0[0].exp() }
    G.check([G.tensor([3, 5], seed: 5, positive: true)]) { $0[0].log() }
    G.check([x]) { $0[0].tanh() }
    G.check([x]) { $0[0].sigmoid() }
    G.check([x]) { $0[0].gelu() }
    // Away from the kink, ReLU's numeric derivative is exact.
    G.check([x.mapped { $0 + ($0 >= 0 ? 0.1 : -0.1) }]) { $0[0].relu() }
  }

  @Test func matrixProducts() {
    G.check([G.tensor([3, 4], seed: 6), G.tensor([4, 2], seed: 7)]) { $0[0].matmul($0[1]) }
    G.check([G.tensor([2, 3, 4], seed: 8), G.tensor([2, 4, 5], seed: 9)]) { $0[0].matmul($0[1]) }
    G.check([G.tensor([2, 3, 4], seed: 10), G.tensor([4, 5], seed: 11)]) { $0[0].matmul($0[1]) }
  }

  @Test func reductionsAndShapes() {
    let x = G.tensor([2, 3, 4], seed: 12)
    G.check([x]) { $0[0].sum() }
    G.check([x]) { $0[0].mean() }
    for axis in [0, 1, -1] {
      G.check([x]) { $0[0].sum(axis: axis) }
      G.check([x]) { $0[0].mean(axis: axis) }
    }
    G.check([x]) { $0[0].reshaped([6, 4]) }
    G.check([x]) { $0[0].transposedLastAxes() }
  }

  @Test func softmaxFamily() {
    let x = G.tensor([3, 6], seed: 13)
    G.check([x]) { $0[0].softmax() }
    G.check([x]) { $0[0].logSoftmax() }
  }

  @Test func layerNorm() {
    G.check([G.tensor([4, 8], seed: 14), G.tensor([8], seed: 15), G.tensor([8], seed: 16)], tolerance: 3e-2) {
      $0[0].layerNorm(gamma: $0[1], beta: $0[2])
    }
  }

  @Test func lossesRespectTheirMasks() {
    let logits = G.tensor([4, 3], seed: 17)
    G.check([logits]) { $0[0].crossEntropy(targets: [0, 2, 1, 1], mask: [1, 1, 0, 1]) }
    let targets = G.tensor([4, 2], seed: 18)
    G.check([G.tensor([4, 2], seed: 19)]) { $0[0].maskedMSE(targets: targets, mask: [1, 0, 1, 1]) }
  }
}

@Suite struct IndexingGradientTests {
  typealias G = GradientCheck

  @Test func gatherScattersRepeatedRows() {
    G.check([G.tensor([5, 3], seed: 20)]) { $0[0].gather(rows: [4, 0, 4, 2]) }
    let tape = Tape()
    let table = tape.parameter(G.tensor([3, 2], seed: 21))
    let gradient = tape.gradients(of: table.gather(rows: [1, 1, 2]).sum())[table]
    #expect(gradient.scalars == [0, 0, 2, 2, 1, 1])
  }

  @Test func slicesAndConcatenation() {
    let x = G.tensor([2, 5, 3], seed: 22)
    G.check([x]) { $0[0].slice(axis: 1, 1..<4) }
    G.check([x]) { $0[0].slice(axis: -1, 0..<2) }
    G.check([x, G.tensor([2, 2, 3], seed: 23)]) { Variable.concatenate([$0[0], $0[1]], axis: 1) }
    G.check([G.tensor([4, 2], seed: 24), G.tensor([4, 3], seed: 25)]) { Variable.concatenate([$0[0], $0[1]], axis: -1) }
  }

  @Test func maskedFillBlocksGradients() {
    let causal = Tensor(shape: [3, 3], scalars: [0, 1, 1, 0, 0, 1, 0, 0, 0])
    G.check([G.tensor([2, 3, 3], seed: 26)]) { $0[0].maskedFill(causal, with: -1e4).softmax() }
    let tape = Tape()
    let scores = tape.parameter(G.tensor([3, 3], seed: 27))
    let filled = scores.maskedFill(causal, with: -1e4)
    #expect(filled.value.scalars[1] == -1e4 && filled.value.scalars[3] == scores.value.scalars[3])
    #expect(tape.gradients(of: filled.sum())[scores].scalars == [1, 0, 0, 1, 1, 0, 1, 1, 1])
  }

  @Test func dropoutIsSeededAndScales() {
    var a = DropoutGenerator(seed: 7)
    var b = DropoutGenerator(seed: 7)
    let tape = Tape()
    let x = tape.parameter(Tensor(repeating: 1, shape: [1000]))
    let first = x.dropout(rate: 0.25, generator: &a).value
    #expect(first == x.dropout(rate: 0.25, generator: &b).value)
    let kept = first.scalars.filter { $0 != 0 }
    #expect(kept.allSatisfy { abs($0 - 1 / 0.75) < 1e-6 })
    #expect(abs(Float(kept.count) / 1000 - 0.75) < 0.05)
    var c = DropoutGenerator(seed: 7)
    let y = x.dropout(rate: 0.25, generator: &c)
    #expect(tape.gradients(of: y.sum())[x] == first)
  }
}

@Suite struct LinearGradientTests {
  @Test func linearMatchesMatmulAndChecksOut() {
    typealias G = GradientCheck
    G.check([G.tensor([2, 3, 4], seed: 30), G.tensor([5, 4], seed: 31), G.tensor([5], seed: 32)]) {
      $0[0].linear(weight: $0[1], bias: $0[2])
    }
    G.check([G.tensor([3, 4], seed: 33), G.tensor([2, 4], seed: 34)]) { $0[0].linear(weight: $0[1], bias: nil) }
    let tape = Tape()
    let x = tape.constant(G.tensor([3, 4], seed: 35))
    let w = tape.constant(G.tensor([2, 4], seed: 36))
    let viaLinear = x.linear(weight: w, bias: nil).value
    let viaMatmul = x.matmul(w.transposedLastAxes()).value
    #expect(zip(viaLinear.scalars, viaMatmul.scalars).allSatisfy { abs($0 - $1) < 1e-6 })
  }
}

@Suite struct PermuteTests {
  @Test func permuteMovesElementsAndChecksOut() {
    let tape = Tape()
    let x = tape.constant(Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5]))
    #expect(x.permuted([1, 0]).value == Tensor(shape: [3, 2], scalars: [0, 3, 1, 4, 2, 5]))
    GradientCheck.check([GradientCheck.tensor([2, 3, 4, 2], seed: 40)]) { $0[0].permuted([0, 2, 1, 3]) }
    GradientCheck.check([GradientCheck.tensor([2, 3, 4], seed: 41)]) { $0[0].permuted([2, 0, 1]) }
  }
}

@Suite struct BatchNormTests {
  @Test func trainingFormChecksOutAndReportsStatistics() {
    typealias G = GradientCheck
    G.check([G.tensor([6, 4], seed: 50), G.tensor([4], seed: 51), G.tensor([4], seed: 52)], tolerance: 3e-2) {
      $0[0].batchNorm(gamma: $0[1], beta: $0[2]).output
    }
    let tape = Tape()
    let x = tape.constant(Tensor(shape: [3, 2], scalars: [1, 10, 2, 20, 3, 30]))
    let (output, mean, variance) = x.batchNorm(
      gamma: tape.constant(Tensor(repeating: 1, shape: [2])), beta: tape.constant(Tensor(repeating: 0, shape: [2])))
    #expect(mean == [2, 20] && variance == [1, 100])
    #expect(abs(output.value.scalars[0] + 1.2247) < 1e-3 && abs(output.value.scalars[5] - 1.2247) < 1e-3)
  }

  @Test func inferenceFormUsesRunningStatistics() {
    typealias G = GradientCheck
    G.check([G.tensor([5, 3], seed: 53), G.tensor([3], seed: 54), G.tensor([3], seed: 55)]) {
      $0[0].batchNorm(gamma: $0[1], beta: $0[2], runningMean: [0.1, -0.2, 0.3], runningVariance: [1, 2, 0.5])
    }
  }
}

@Suite struct AttentionTests {
  /// The same attention composed from primitive ops.
  static func reference(_ qkv: Variable, heads: Int, padding: [Float]) -> Variable {
    let (b, t, width) = (qkv.shape[0], qkv.shape[1], qkv.shape[2] / 3)
    let dh = width / heads
    let parts = qkv.reshaped([b, t, 3, heads, dh]).permuted([2, 0, 3, 1, 4])
    let split = (0..<3).map { parts.slice(axis: 0, $0..<($0 + 1)).reshaped([b, heads, t, dh]) }
    let causal = Tensor(shape: [t, t], scalars: (0..<(t * t)).map { $0 % t > $0 / t ? 1 : 0 })
    var scores = split[0].matmul(split[1].transposedLastAxes()) * (1 / Float(dh).squareRoot())
    scores = scores.maskedFill(causal, with: -1e4) + qkv.tape.constant(Tensor(shape: [b, 1, 1, t], scalars: padding))
    return scores.softmax().matmul(split[2]).permuted([0, 2, 1, 3]).reshaped([b, t, width])
  }

  @Test(arguments: [1, 2])
  func fusedAttentionMatchesTheComposedOneAndChecksOut(heads: Int) {
    let padding: [Float] = [0, 0, 0, 0, -1e4, 0, 0, 0]
    let input = GradientCheck.tensor([2, 4, 12], seed: 60)
    let tape = Tape()
    var generator = DropoutGenerator(seed: 0)
    let fused = tape.constant(input).causalSelfAttention(heads: heads, padding: padding, dropout: 0, generator: &generator)
    let composed = Self.reference(tape.constant(input), heads: heads, padding: padding)
    #expect(zip(fused.value.scalars, composed.value.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    GradientCheck.check([input]) { v in
      var g = DropoutGenerator(seed: 0)
      return v[0].causalSelfAttention(heads: heads, padding: padding, dropout: 0, generator: &g)
    }
  }

  @Test func attentionDropoutIsSeededAndDifferentiable() {
    let input = GradientCheck.tensor([1, 3, 6], seed: 61)
    GradientCheck.check([input]) { v in
      var g = DropoutGenerator(seed: 4)
      return v[0].causalSelfAttention(heads: 1, padding: nil, dropout: 0.3, generator: &g)
    }
  }
}
