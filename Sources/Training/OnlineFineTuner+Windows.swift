import DecisionModels
import Foundation
import Parallelism
import RLCore

extension OnlineFineTuner {
  /// The update's steps: every step's value features and discounted return-to-go (for the advantages), and the
  /// acting contexts and samples of the steps chosen for the gradient (`selection`, indices over all steps in
  /// episode order).
  func steps(_ trajectories: [EpisodeWave.Trajectory], selection: [Int]) -> Steps {
    let codec = metadata.actionCodec
    let k = metadata.model.contextLength
    var result = Steps()
    var locations: [(trajectory: Int, t: Int)] = []
    for (index, trajectory) in trajectories.enumerated() {
      let length = trajectory.rewards.count
      result.discounted += Advantages.returnsToGo(trajectory.rewards, gamma: configuration.gamma)
      for t in 0..<length {
        locations.append((index, t))
        result.features.append(trajectory.states[t] + [Float(t) / Float(max(spec.maxEpisodeSteps ?? 1000, 1))])
      }
    }
    result.selected = selection
    for i in result.selected {
      let (index, t) = locations[i]
      result.contexts.append(trajectories[index].context(upTo: t, contextLength: k, placeholder: codec.placeholder))
      result.samples.append(PolicyGradientLoss.Sample(action: trajectories[index].samples[t], advantage: 0, anchor: []))
    }
    return result
  }

  /// An update's steps (see `steps(_:selection:)`).
  struct Steps {
    var features: [[Float]] = []
    var discounted: [Double] = []
    var selected: [Int] = []
    var contexts: [DecisionContext] = []
    var samples: [PolicyGradientLoss.Sample] = []
  }

  /// The steps of an update's optimiser step `draw` (of `updateSteps`), out of `count` steps: `updateFraction`
  /// of them (at least one), drawn uniformly without replacement with the update's own stream per draw, in order.
  func selection(count: Int, draw: Int = 0) -> [Int] {
    let fraction = configuration.updateFraction ?? 1
    guard fraction < 1, count > 1 else { return Array(0..<count) }
    let m = max(1, Int((fraction * Double(count)).rounded(.up)))
    let stream = OfflineTrainer.mix(configuration.seed, update, 5)
    var generator = NumPyGenerator(seed: draw == 0 ? stream : OfflineTrainer.mix(stream, draw, 6))
    var indices = Array(0..<count)
    for i in 0..<m {  // partial Fisher–Yates
      let j = i + Int(generator.integers(0, Int64(count - i)))
      indices.swapAt(i, j)
    }
    return indices[0..<m].sorted()
  }

  /// The windows of acting contexts, left-padded as the runner pads them, as one batch (targets unused).
  func batch(_ contexts: [DecisionContext]) -> DecisionBatch {
    let m = metadata
    let k = m.model.contextLength
    let pad: Float = m.model.kind == .dt && !m.actionCodec.discrete ? -10 : 0
    let windows = contexts.map {
      $0.paddedWindow(contextLength: k, stateDimension: m.model.stateDimension, actionDimension: m.model.actionDimension, actionPad: pad)
    }
    return Self.concatenate(windows, contextLength: k, targetWidth: m.actionCodec.discrete ? 1 : m.actionCodec.count)
  }

  /// Batches of one window each, as one batch (targets unused: zeros of `targetWidth` per step).
  static func concatenate(_ parts: [DecisionBatch], contextLength k: Int, targetWidth: Int) -> DecisionBatch {
    DecisionBatch(
      batchSize: parts.count, contextLength: k, states: parts.flatMap(\.states), actionInputs: parts.flatMap(\.actionInputs),
      actionTargets: Array(repeating: 0, count: parts.count * k * targetWidth), returnsToGo: parts.flatMap(\.returnsToGo), timesteps: parts.flatMap(\.timesteps), mask: parts.flatMap(\.mask))
  }

  /// The offline policy's outputs on the same acting contexts, for the KL anchor: its tape-free runners (the
  /// last position of the full-window forward), the contexts split across the threads.
  func anchor(_ samples: inout [PolicyGradientLoss.Sample], contexts: [DecisionContext]) throws(TrainerError) {
    let outputs = Self.outputs(of: try offlineRunners(), contexts: contexts, pool: pool)
    for i in samples.indices { samples[i].anchor = outputs[i] }
  }

  /// The last-position outputs of `runners` (one per thread) on `contexts`, split across the threads.
  static func outputs(of runners: [any ActionRunner], contexts: [DecisionContext], pool: WorkerPool?) -> [[Float]] {
    let count = runners.count
    let outputs = DisjointSlots<[Float]>(repeating: [], count: contexts.count)
    let work = { (worker: Int) in
      for i in stride(from: worker, to: contexts.count, by: count) { outputs[i] = runners[worker].action(context: contexts[i], recorder: nil) }
    }
    if let pool, count > 1 { pool.run(work) } else { work(0) }
    return outputs.elements
  }
}
