public import TensorEngine

/// A model's parameters by dotted name (`blocks.0.attention.query.weight`), in registration order.
///
/// Layers register their tensors here at initialisation and look them up through a `ParameterBinding`
/// during a forward pass; optimisers and checkpoints work on the store by name.
public struct ParameterStore: Sendable, Equatable {
  /// The names in registration order.
  public private(set) var names: [String] = []
  private var tensors: [String: Tensor] = [:]

  /// An empty store.
  public init() {}

  /// A store holding safetensors contents (names in file order).
  public init(_ contents: Safetensors.Contents) {
    for (name, tensor) in contents.tensors { self[name] = tensor }
  }

  /// The tensor named `name`; setting a new name appends it.
  public subscript(name: String) -> Tensor? {
    get { tensors[name] }
    set {
      if tensors[name] == nil, newValue != nil { names.append(name) }
      if newValue == nil { names.removeAll { $0 == name } }
      tensors[name] = newValue
    }
  }

  /// Updates the tensor named `name` in place (no copy of its storage); nothing happens for an unknown name.
  public mutating func modify(_ name: String, _ body: (inout Tensor) -> Void) {
    guard var tensor = tensors.removeValue(forKey: name) else { return }
    body(&tensor)
    tensors[name] = tensor
  }

  /// The total number of scalars.
  public var scalarCount: Int { tensors.values.reduce(0) { $0 + $1.count } }

  /// The parameters as safetensors contents with the given metadata.
  public func contents(metadata: [String: String] = [:]) -> Safetensors.Contents {
    Safetensors.Contents(tensors: names.compactMap { name in tensors[name].map { (name, $0) } }, metadata: metadata)
  }

  /// Binds the parameters to a tape for one forward/backward pass.
  public func bind(to tape: Tape) -> ParameterBinding {
    ParameterBinding(tape: tape, store: self)
  }
}

/// The parameters of a store as variables of one tape (created on first use).
public final class ParameterBinding {
  /// The tape the variables live on.
  public let tape: Tape
  let store: ParameterStore
  private var variables: [String: Variable] = [:]

  init(tape: Tape, store: ParameterStore) {
    self.tape = tape
    self.store = store
  }

  /// The variable of parameter `name`.
  /// - Precondition: the store holds `name` (a programmer error otherwise).
  public subscript(name: String) -> Variable {
    if let variable = variables[name] { return variable }
    guard let tensor = store[name] else { preconditionFailure("no parameter named \(name)") }
    let variable = tape.parameter(tensor)
    variables[name] = variable
    return variable
  }

  /// The gradient of `loss` for every parameter used in the pass (zeros for unused ones), by name.
  public func gradients(of loss: Variable) -> [String: Tensor] {
    let gradients = tape.gradients(of: loss)
    var result: [String: Tensor] = [:]
    for name in store.names {
      if let variable = variables[name] {
        result[name] = gradients[variable]
      } else if let tensor = store[name] {
        result[name] = Tensor(repeating: 0, shape: tensor.shape)
      }
    }
    return result
  }
}
