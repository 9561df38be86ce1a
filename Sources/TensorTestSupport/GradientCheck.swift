public import TensorEngine
public import Testing

/// Finite-difference gradient checks for tests of tensor operations (Swift Testing expectations): central
/// differences of a scalar function of the inputs against the tape's gradients.
public enum GradientCheck {
  /// Deterministic pseudo-random values in [-1, 1) (xorshift; no global state).
  public static func values(_ count: Int, seed: UInt64, positive: Bool = false) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      let unit = Float(state >> 40) / Float(1 << 24) * 2 - 1
      return positive ? abs(unit) + 0.5 : unit
    }
  }

  /// A tensor of `values`.
  public static func tensor(_ shape: [Int], seed: UInt64, positive: Bool = false) -> Tensor {
    Tensor(shape: shape, scalars: values(shape.reduce(1, *), seed: seed, positive: positive))
  }

  /// `f` reduced to a scalar by a fixed random weighting, so every output element matters: the tape, the
  /// input variables and the scalar.
  public static func scalarized(_ inputs: [Tensor], _ f: ([Variable]) -> Variable) -> (Tape, [Variable], Variable) {
    let tape = Tape()
    let variables = inputs.map { tape.parameter($0) }
    let output = f(variables)
    if output.value.count == 1 { return (tape, variables, output) }
    let weights = tape.constant(tensor(output.shape, seed: 99))
    return (tape, variables, (output * weights).sum())
  }

  /// Checks every analytic gradient element of `f` at `inputs` against central differences (`step`),
  /// within `tolerance·max(1, |numeric|)`.
  public static func check(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2, sourceLocation: SourceLocation = #_sourceLocation,
    _ f: @escaping ([Variable]) -> Variable
  ) {
    let (tape, variables, loss) = scalarized(inputs, f)
    let gradients = tape.gradients(of: loss)
    for (inputIndex, input) in inputs.enumerated() {
      let analytic = gradients[variables[inputIndex]]
      #expect(analytic.shape == input.shape, sourceLocation: sourceLocation)
      for element in 0..<input.count {
        func evaluate(_ delta: Float) -> Float {
          var perturbed = inputs
          perturbed[inputIndex].scalars[element] += delta
          return scalarized(perturbed, f).2.value.scalar
        }
        let numeric = (evaluate(step) - evaluate(-step)) / (2 * step)
        let error = abs(numeric - analytic.scalars[element])
        #expect(
          error <= tolerance * max(1, abs(numeric)),
          "input \(inputIndex)[\(element)]: analytic \(analytic.scalars[element]), numeric \(numeric)",
          sourceLocation: sourceLocation)
      }
    }
  }
}
