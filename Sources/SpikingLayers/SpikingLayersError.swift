/// Errors of the spiking layers.
public enum SpikingLayersError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A neuron, surrogate or normalisation parameter outside its domain.
  case invalidParameter(name: String, value: Double, reason: String)
  /// A tensor whose shape the layer cannot take.
  case shape(layer: String, expected: String, found: [Int])
  /// A buffer (running statistics, schedule counter) a layer needs is missing.
  case missingBuffer(name: String)

  /// One line.
  public var description: String {
    switch self {
    case .invalidParameter(let name, let value, let reason): "\(name) = \(value): \(reason)"
    case .shape(let layer, let expected, let found): "\(layer): expected a tensor of shape \(expected), got \(found)"
    case .missingBuffer(let name): "the model state has no buffer named \(name)"
    }
  }
}
