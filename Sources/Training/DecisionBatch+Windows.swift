public import DecisionModels
public import Trajectories

extension DecisionBatch {
  /// The sampler's windows in the models' layout: action inputs are one-hot vectors of `actionCount`
  /// classes for discrete tasks (zeros on padding; targets are the class indices), else the action vectors
  /// (padding −10, as the window sampler writes; targets equal the inputs).
  /// - Parameters:
  ///   - windows: sampled windows (actions `(B, K, 1)` class indices for discrete tasks).
  ///   - discrete: whether actions are class indices.
  ///   - actionCount: the number of classes (discrete) — the models' action dimension.
  public init(_ windows: WindowBatch, discrete: Bool, actionCount: Int) {
    let slots = windows.batchSize * windows.contextLength
    var inputs: [Float]
    var targets: [Float]
    if discrete {
      inputs = [Float](repeating: 0, count: slots * actionCount)
      targets = [Float](repeating: 0, count: slots)
      for slot in 0..<slots where windows.mask[slot] != 0 {
        let index = min(max(Int(windows.actions[slot * windows.actionDimension]), 0), actionCount - 1)
        inputs[slot * actionCount + index] = 1
        targets[slot] = Float(index)
      }
    } else {
      inputs = windows.actions
      targets = windows.actions
    }
    self.init(
      batchSize: windows.batchSize, contextLength: windows.contextLength, states: windows.states, actionInputs: inputs,
      actionTargets: targets, returnsToGo: windows.returnsToGo, timesteps: windows.timesteps, mask: windows.mask)
  }
}
