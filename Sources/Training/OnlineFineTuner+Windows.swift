import DecisionModels
import Foundation

extension OnlineFineTuner {
  /// The training windows of the episodes (one per step, the step acted on last, left-padded like the acting
  /// context), the samples taken, the value features and the discounted returns-to-go.
  func windows(_ trajectories: [EpisodeWave.Trajectory]) -> (DecisionBatch, [PolicyGradientLoss.Sample], [[Float]], [Double]) {
    let m = metadata
    let codec = m.actionCodec
    let k = m.model.contextLength
    let pad: Float = m.model.kind == .dt && !codec.discrete ? -10 : 0
    var batches: [DecisionBatch] = []
    var samples: [PolicyGradientLoss.Sample] = []
    var features: [[Float]] = []
    var discounted: [Double] = []
    for trajectory in trajectories {
      let length = trajectory.rewards.count
      discounted += Advantages.returnsToGo(trajectory.rewards, gamma: configuration.gamma)
      for t in 0..<length {
        let context = trajectory.context(upTo: t, contextLength: k, placeholder: codec.placeholder)
        batches.append(context.paddedWindow(contextLength: k, stateDimension: m.model.stateDimension,
          actionDimension: m.model.actionDimension, actionPad: pad))
        samples.append(PolicyGradientLoss.Sample(action: trajectory.samples[t], advantage: 0, anchor: []))
        features.append(trajectory.states[t] + [Float(t) / Float(max(spec.maxEpisodeSteps ?? 1000, 1))])
      }
    }
    let targetWidth = codec.discrete ? 1 : codec.count
    return (Self.concatenate(batches, contextLength: k, targetWidth: targetWidth), samples, features, discounted)
  }

  /// Batches of one window each, as one batch (targets unused: zeros of `targetWidth` per step).
  static func concatenate(_ parts: [DecisionBatch], contextLength k: Int, targetWidth: Int) -> DecisionBatch {
    DecisionBatch(
      batchSize: parts.count, contextLength: k, states: parts.flatMap(\.states), actionInputs: parts.flatMap(\.actionInputs),
      actionTargets: Array(repeating: 0, count: parts.count * k * targetWidth), returnsToGo: parts.flatMap(\.returnsToGo), timesteps: parts.flatMap(\.timesteps), mask: parts.flatMap(\.mask))
  }

  /// The offline policy's outputs on the same windows, for the KL anchor.
  func anchor(_ samples: inout [PolicyGradientLoss.Sample], batch: DecisionBatch) {
    let c = model.configuration
    let width = c.actionDimension
    for start in stride(from: 0, to: batch.batchSize, by: configuration.chunk) {
      let range = start..<min(start + configuration.chunk, batch.batchSize)
      let part = batch.windows(range, stateDimension: c.stateDimension, actionDimension: width, discrete: c.discrete)
      let outputs = model.predictions(part, state: offline.state).scalars
      for (i, window) in range.enumerated() {
        let offset = (i * batch.contextLength + batch.contextLength - 1) * width
        samples[window].anchor = Array(outputs[offset..<(offset + width)])
      }
    }
  }
}
