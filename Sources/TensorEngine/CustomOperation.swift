/// Operations defined outside the engine, with their own backward rule — what `torch.autograd.Function`
/// is to PyTorch.
///
/// A module computes an operation's result itself (typically in a fused kernel over
/// `Tensor.withElements` / `Tensor.uninitialized`), keeps whatever its backward needs in the closure,
/// and records it here. The tape then treats it like a built-in primitive: `Tape.gradients(of:)` calls
/// `backward` with the gradient of the result and routes the returned gradients to the inputs.
///
/// ```swift
/// // y = x³ with dy/dx = 3x²
/// let x0 = x.value
/// let y = x.tape.operation(
///   x0.mapped { $0 * $0 * $0 }, inputs: [x]) { g in [g.zipped(x0) { $0 * 3 * $1 * $1 }] }
/// ```
///
/// Rules for `backward` (checked, programmer errors otherwise): it returns exactly one entry per input,
/// each either nil (no gradient for that input: it is treated as zero — nothing flows to it, so the operations
/// before it skip their backward when nothing else reaches them) or a tensor of that input's shape.
/// It must not capture a `Variable` or the tape (a tape holding a closure that holds the tape is never
/// freed): capture tensors and plain values. It runs at most once, only when some input needs a gradient.
extension Tape {
  /// Records the result of an operation defined outside the engine.
  /// - Parameters:
  ///   - output: the operation's result, already computed.
  ///   - inputs: the operands (variables of this tape) the result depends on differentiably.
  ///   - backward: maps the gradient of `output` (same shape) to one gradient per input, or nil for an
  ///     input that receives none.
  /// - Returns: the result as a variable of this tape; a constant when no input needs a gradient or
  ///   recording is off (`withoutGradients`).
  public func operation(
    _ output: Tensor, inputs: [Variable], backward: @escaping (Tensor) -> [Tensor?]
  ) -> Variable {
    precondition(inputs.allSatisfy { $0.tape === self }, "an input of the operation belongs to another tape")
    let shapes = inputs.map(\.shape)
    let outputShape = output.shape
    return recordPartial(output, parents: inputs) { gradient in
      precondition(gradient.shape == outputShape, "gradient shape \(gradient.shape) for an output of shape \(outputShape)")
      let gradients = backward(gradient)
      precondition(gradients.count == shapes.count, "backward returned \(gradients.count) gradients for \(shapes.count) inputs")
      for (gradient, shape) in zip(gradients, shapes) {
        if let gradient {
          precondition(gradient.shape == shape, "backward returned a gradient of shape \(gradient.shape) for an input of shape \(shape)")
        }
      }
      return gradients
    }
  }
}

extension Variable {
  /// Whether gradients flow into this value (a parameter, or a result computed from one while recording).
  /// An operation can skip computing the gradient of an input for which this is false.
  public var requiresGradient: Bool { tape.requiresGradient(at: index) }
}

extension Tape {
  func requiresGradient(at index: Int) -> Bool { nodes[index].requiresGradient }
}
