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
