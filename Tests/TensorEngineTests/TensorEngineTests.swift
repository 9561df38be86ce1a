import Foundation
import TensorTestSupport
import Testing

@testable import TensorEngine

@Suite struct TensorEngineTests {
  @Test func matmulMatchesANaiveProduct() {
    let a = GradientCheck.tensor([3, 4], seed: 1)
    let b = GradientCheck.tensor([4, 5], seed: 2)
    let tape = Tape()
    let product = tape.constant(a).matmul(tape.constant(b)).value
    for i in 0..<3 {
      for j in 0..<5 {
        let expected = (0..<4).reduce(Float(0)) { $0 + a.scalars[i * 4 + $1] * b.scalars[$1 * 5 + j] }
        #expect(abs(product.scalars[i * 5 + j] - expected) < 1e-5)
      }
    }
  }

  @Test func softmaxRowsSumToOneAndSurviveLargeLogits() {
    let tape = Tape()
    let y = tape.constant(Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, -5, 0, 5])).softmax().value
    let first = y.scalars[0..<3].reduce(0, +)
    let second = y.scalars[3..<6].reduce(0, +)
    #expect(abs(first - 1) < 1e-6 && abs(second - 1) < 1e-6)
    let finite = y.scalars.allSatisfy(\.isFinite)
    #expect(finite)
  }

  @Test func crossEntropyValueAndIgnoredRows() {
    let tape = Tape()
    let logits = tape.parameter(Tensor(shape: [2, 2], scalars: [0, 0, 50, -50]))
    let loss = logits.crossEntropy(targets: [1, 0], mask: [1, 0])
    #expect(abs(loss.value.scalar - Float(log(2.0))) < 1e-6)
    let gradient = tape.gradients(of: loss)[logits]
    #expect(gradient.scalars == [0.5, -0.5, 0, 0])
  }

  @Test func gradientsAccumulateOverReuseAndStopWithoutRecording() {
    let tape = Tape()
    let x = tape.parameter(Tensor(shape: [2], scalars: [1, 2]))
    let y = (x * x + x).sum()
    #expect(tape.gradients(of: y)[x].scalars == [3, 5])
    let frozen = tape.withoutGradients { (x * x).sum() }
    #expect(tape.gradients(of: frozen)[x].scalars == [0, 0])
    #expect(tape.isRecording)
  }

  @Test func layerNormNormalizesRows() {
    let tape = Tape()
    let x = tape.constant(GradientCheck.tensor([3, 16], seed: 5))
    let y = x.layerNorm(gamma: tape.constant(Tensor(repeating: 1, shape: [16])), beta: tape.constant(Tensor(repeating: 0, shape: [16]))).value
    for row in 0..<3 {
      let slice = y.scalars[(row * 16)..<((row + 1) * 16)]
      let mean = slice.reduce(0, +) / 16
      let variance = slice.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 16
      #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3)
    }
  }
}

@Suite struct TapeLifetimeTests {
  /// Regression: `linear`'s backward once captured the bias variable, which holds the tape, so every
  /// training step leaked its whole tape (memory grew and steps slowed down 3x).
  @Test func tapesAreFreedAfterUse() {
    weak var released: Tape?
    do {
      let tape = Tape()
      released = tape
      let x = tape.parameter(GradientCheck.tensor([2, 3], seed: 1))
      let w = tape.parameter(GradientCheck.tensor([4, 3], seed: 2))
      let b = tape.parameter(GradientCheck.tensor([4], seed: 3))
      var generator = DropoutGenerator(seed: 0)
      let qkv = x.linear(weight: w, bias: b).reshaped([1, 2, 4]).concatenated(with: 2)
      let y = qkv.causalSelfAttention(heads: 1, padding: nil, dropout: 0.1, generator: &generator)
        .layerNorm(gamma: tape.parameter(Tensor(repeating: 1, shape: [4])), beta: tape.parameter(Tensor(repeating: 0, shape: [4])))
        .gelu().softmax().sum()
      _ = tape.gradients(of: y)
    }
    #expect(released == nil)
  }
}

extension Variable {
  /// `self` repeated `count` times along the last axis (test helper).
  func concatenated(with count: Int) -> Variable {
    Variable.concatenate(Array(repeating: self, count: count + 1), axis: -1)
  }
}

@Suite struct EmptyTensorTests {
  @Test func productsWithAZeroExtentAreEmptyOrZero() {
    let tape = Tape()
    let empty = tape.constant(Tensor(shape: [0, 3], scalars: []))
    #expect(empty.matmul(tape.constant(Tensor(repeating: 1, shape: [3, 2]))).value.shape == [0, 2])
    let zeroInner = tape.constant(Tensor(shape: [2, 0], scalars: [])).matmul(tape.constant(Tensor(shape: [0, 2], scalars: [])))
    #expect(zeroInner.value == Tensor(repeating: 0, shape: [2, 2]))
  }
}
