/// Records operations on `Variable`s so gradients can be computed by reverse-mode differentiation.
///
/// One tape per training step: create parameters and inputs on it, compute a scalar loss, call
/// `gradients(of:)`. The tape is owned by the caller (no global state); `withoutGradients` runs a body
/// whose operations record no backward rules (evaluation, rollouts).
public final class Tape: @unchecked Sendable {
  /// A recorded value with the rule that maps its output gradient to its parents' gradients.
  struct Node {
    let value: Tensor
    let parents: [Int]
    let requiresGradient: Bool
    /// One gradient per parent; nil: none flows to that parent (the same as zeros for a rule linear in the
    /// gradient, as every vector-Jacobian product is, without computing on them).
    let backward: ((Tensor) -> [Tensor?])?
  }

  private(set) var nodes: [Node] = []
  private var recording = true

  /// Creates an empty tape.
  public init() {}

  /// The number of recorded values.
  public var count: Int { nodes.count }

  /// Whether operations currently record backward rules.
  public var isRecording: Bool { recording }

  /// A value that gradients flow into (a parameter).
  public func parameter(_ value: Tensor) -> Variable {
    append(Node(value: value, parents: [], requiresGradient: true, backward: nil))
  }

  /// A value that needs no gradient (inputs, targets, masks).
  public func constant(_ value: Tensor) -> Variable {
    append(Node(value: value, parents: [], requiresGradient: false, backward: nil))
  }

  /// Runs `body` with recording switched off: results are constants.
  /// - Returns: what `body` returns.
  public func withoutGradients<T>(_ body: () throws -> T) rethrows -> T {
    let previous = recording
    recording = false
    defer { recording = previous }
    return try body()
  }

  /// Records the result of an operation.
  /// - Parameters:
  ///   - value: the result.
  ///   - parents: the operands.
  ///   - backward: maps the result's gradient to one gradient per operand (same shapes as the operands).
  /// - Returns: the result as a variable.
  func record(_ value: Tensor, parents: [Variable], backward: @escaping (Tensor) -> [Tensor]) -> Variable {
    recordPartial(value, parents: parents) { gradient in backward(gradient).map { Optional($0) } }
  }

  /// `record` with a rule that may return nil for a parent: nothing flows to it, and a value that receives no
  /// gradient at all is skipped (its own rule does not run; its gradient reads as zeros).
  func recordPartial(_ value: Tensor, parents: [Variable], backward: @escaping (Tensor) -> [Tensor?]) -> Variable {
    let requires = recording && parents.contains { nodes[$0.index].requiresGradient }
    return append(
      Node(value: value, parents: parents.map(\.index), requiresGradient: requires, backward: requires ? backward : nil))
  }

  private func append(_ node: Node) -> Variable {
    nodes.append(node)
    return Variable(tape: self, index: nodes.count - 1)
  }

  func value(at index: Int) -> Tensor { nodes[index].value }

  /// Reverse-mode gradients of a scalar with respect to every value that requires them.
  /// - Parameter output: a one-element variable of this tape (the loss).
  /// - Returns: gradients keyed by variable index (the leaves that require them: parameters).
  public func gradients(of output: Variable) -> Gradients {
    precondition(output.tape === self, "the output belongs to another tape")
    precondition(output.value.count == 1, "gradients need a scalar output, got shape \(output.value.shape)")
    var gradients = [Tensor?](repeating: nil, count: output.index + 1)
    gradients[output.index] = Tensor(repeating: 1, shape: output.value.shape)
    for index in stride(from: output.index, through: 0, by: -1) {
      guard let gradient = gradients[index], let backward = nodes[index].backward else { continue }
      // An intermediate's gradient is spent once its rule ran: free it (leaves keep theirs).
      gradients[index] = nil
      let parentGradients = backward(gradient)
      for (parent, contribution) in zip(nodes[index].parents, parentGradients) where nodes[parent].requiresGradient {
        guard let contribution else { continue }
        if var existing = gradients[parent] {
          gradients[parent] = nil  // unique storage, so the sum is taken in place
          existing.add(contribution)
          gradients[parent] = existing
        } else {
          gradients[parent] = contribution
        }
      }
    }
    return Gradients(tape: self, values: gradients)
  }
}

/// The gradients computed by `Tape.gradients(of:)`.
public struct Gradients {
  let tape: Tape
  let values: [Tensor?]

  /// The gradient of the output with respect to `variable` (zeros if it does not influence the output).
  public subscript(_ variable: Variable) -> Tensor {
    precondition(variable.tape === tape, "the variable belongs to another tape")
    if variable.index < values.count, let gradient = values[variable.index] { return gradient }
    return Tensor(repeating: 0, shape: variable.value.shape)
  }
}

/// A value on a tape; operations on variables are recorded for differentiation.
public struct Variable {
  /// The tape that recorded this value.
  public let tape: Tape
  let index: Int

  /// The value.
  public var value: Tensor { tape.value(at: index) }

  /// The value's shape.
  public var shape: [Int] { value.shape }
}
