/// A batch of K-step windows in the layout the Decision Transformer consumes.
public struct DecisionBatch: Sendable, Equatable {
  /// Windows B.
  public let batchSize: Int
  /// Steps per window K.
  public let contextLength: Int
  /// Normalised states `(B, K, stateDimension)`.
  public var states: [Float]
  /// Action tokens `(B, K, actionDimension)`: the action vectors, or one-hot vectors for discrete tasks
  /// (padding: −10 for continuous actions, zeros for discrete ones).
  public var actionInputs: [Float]
  /// Action targets: `(B·K, actionDimension)` continuous values, or `(B·K)` class indices.
  public var actionTargets: [Float]
  /// Scaled returns-to-go `(B, K)`.
  public var returnsToGo: [Float]
  /// Absolute timesteps `(B, K)`.
  public var timesteps: [Int]
  /// 1 on real steps, 0 on padding `(B, K)`.
  public var mask: [Float]

  /// Creates a batch.
  public init(
    batchSize: Int, contextLength: Int, states: [Float], actionInputs: [Float], actionTargets: [Float],
    returnsToGo: [Float], timesteps: [Int], mask: [Float]
  ) {
    self.batchSize = batchSize
    self.contextLength = contextLength
    self.states = states
    self.actionInputs = actionInputs
    self.actionTargets = actionTargets
    self.returnsToGo = returnsToGo
    self.timesteps = timesteps
    self.mask = mask
  }
}
