/// Errors of the decision models.
public enum DecisionModelError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A parameter the model needs is not in the store.
  case missingParameter(name: String)
  /// A parameter has another shape than the configuration implies.
  case parameterShape(name: String, expected: [Int], found: [Int])
  /// A configuration field outside its domain.
  case invalidConfiguration(field: String, reason: String)
  /// A buffer (running statistics, schedule counter) the model needs is not in the state.
  case missingBuffer(name: String)

  /// One line.
  public var description: String {
    switch self {
    case .missingParameter(let name): "the parameters have no tensor named \(name)"
    case .parameterShape(let name, let expected, let found): "parameter \(name) has shape \(found), the model needs \(expected)"
    case .invalidConfiguration(let field, let reason): "model configuration: \(field) \(reason)"
    case .missingBuffer(let name): "the model state has no buffer named \(name)"
    }
  }
}
