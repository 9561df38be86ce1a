import Testing

@testable import TensorEngine

/// `Tape.operation`: a backward that returns nil for an input passes no gradient to it.
@Suite struct CustomOperationTests {
  /// Counts how often a backward rule ran (a class: the rules may capture it, not a variable).
  final class Calls { var count = 0 }

  /// `y = 3x` recorded as a custom operation whose rule counts its calls.
  static func tripled(_ x: Variable, calls: Calls) -> Variable {
    x.tape.operation(x.value.mapped { 3 * $0 }, inputs: [x]) { g in
      calls.count += 1
      return [g.mapped { 3 * $0 }]
    }
  }

  @Test func aNilGradientStopsTheFlowBeforeTheOperation() {
    let tape = Tape()
    let x = tape.parameter(Tensor(shape: [3], scalars: [1, -2, 4]))
    let w = tape.parameter(Tensor(shape: [3], scalars: [0.5, 2, -1]))
    let calls = Calls()
    let tripled = Self.tripled(x, calls: calls)
    let blocked = tape.operation(tripled.value, inputs: [tripled]) { _ in [nil] }
    let loss = (blocked * w).sum() + (x * w).sum()
    let gradients = tape.gradients(of: loss)
    #expect(calls.count == 0, "the rules before a nil gradient must not run")
    #expect(gradients[x].scalars == w.value.scalars, "x gets only the direct path's gradient")
    #expect(gradients[w].scalars == [4, -8, 16], "w's gradient is 3x + x")
  }

  @Test func aGradientFlowsThroughTheSameOperationWhenReturned() {
    let tape = Tape()
    let x = tape.parameter(Tensor(shape: [2], scalars: [1, 2]))
    let calls = Calls()
    let y = Self.tripled(x, calls: calls)
    let gradients = tape.gradients(of: (y * y).sum())
    #expect(calls.count == 1)
    #expect(gradients[x].scalars == [18, 36], "d(9x²)/dx = 18x")
  }
}
