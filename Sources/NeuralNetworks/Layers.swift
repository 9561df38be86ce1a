public import TensorEngine

/// A fully connected layer `y = x·Wᵀ + b` (PyTorch layout: W `(out, in)`), parameters `<name>.weight`
/// and `<name>.bias`.
public struct Linear: Sendable {
  /// The parameter prefix.
  public let name: String
  /// Input and output widths.
  public let inputs: Int, outputs: Int

  /// Describes a layer.
  public init(_ name: String, inputs: Int, outputs: Int) {
    self.name = name
    self.inputs = inputs
    self.outputs = outputs
  }

  /// Registers weights drawn from N(0, std²) and zero biases.
  public func register(in store: inout ParameterStore, generator: inout NormalGenerator, std: Double = 0.02) {
    store["\(name).weight"] = Tensor(shape: [outputs, inputs], scalars: generator.normals(outputs * inputs, std: std))
    store["\(name).bias"] = Tensor(repeating: 0, shape: [outputs])
  }

  /// Registers PyTorch's default `nn.Linear` initialisation: weight and bias uniform in `±1/√inputs`
  /// (Kaiming-uniform with a = √5).
  public func registerDefault(in store: inout ParameterStore, generator: inout NormalGenerator) {
    let bound = 1 / Double(max(inputs, 1)).squareRoot()
    store["\(name).weight"] = Tensor(shape: [outputs, inputs], scalars: (0..<(outputs * inputs)).map { _ in
      Float((generator.uniform() * 2 - 1) * bound)
    })
    store["\(name).bias"] = Tensor(shape: [outputs], scalars: (0..<outputs).map { _ in Float((generator.uniform() * 2 - 1) * bound) })
  }

  /// Applies the layer to `(..., inputs)`.
  public func callAsFunction(_ x: Variable, _ p: ParameterBinding) -> Variable {
    x.linear(weight: p["\(name).weight"], bias: p["\(name).bias"])
  }
}

/// A lookup table `<name>.weight` of shape `(count, width)`.
public struct Embedding: Sendable {
  /// The parameter prefix.
  public let name: String
  /// Rows and width.
  public let count: Int, width: Int

  /// Describes a table.
  public init(_ name: String, count: Int, width: Int) {
    self.name = name
    self.count = count
    self.width = width
  }

  /// Registers a table drawn from N(0, std²).
  public func register(in store: inout ParameterStore, generator: inout NormalGenerator, std: Double = 0.02) {
    store["\(name).weight"] = Tensor(shape: [count, width], scalars: generator.normals(count * width, std: std))
  }

  /// Rows at `indices` laid out as `shape + [width]`.
  public func callAsFunction(_ indices: [Int], shape: [Int], _ p: ParameterBinding) -> Variable {
    p["\(name).weight"].gather(rows: indices).reshaped(shape + [width])
  }
}

/// Layer normalisation over the last axis with `<name>.weight` (γ = 1) and `<name>.bias` (β = 0).
public struct LayerNorm: Sendable {
  /// The parameter prefix.
  public let name: String
  /// The normalised width.
  public let width: Int
  /// ε added to the variance.
  public let epsilon: Float

  /// Describes a layer.
  public init(_ name: String, width: Int, epsilon: Float = 1e-5) {
    self.name = name
    self.width = width
    self.epsilon = epsilon
  }

  /// Registers γ = 1, β = 0.
  public func register(in store: inout ParameterStore) {
    store["\(name).weight"] = Tensor(repeating: 1, shape: [width])
    store["\(name).bias"] = Tensor(repeating: 0, shape: [width])
  }

  /// Normalises `(..., width)`.
  public func callAsFunction(_ x: Variable, _ p: ParameterBinding) -> Variable {
    x.layerNorm(gamma: p["\(name).weight"], beta: p["\(name).bias"], epsilon: epsilon)
  }
}
