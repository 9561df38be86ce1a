public import DecisionModels
public import Parallelism
public import RLCore
public import SpikingLayers

/// One wave of return-conditioned episodes on a vector environment: copy `i` runs the episode reset with
/// `seed + i`; each step every running copy's context (normalised states, action tokens, returns-to-go
/// decremented by `reward/scale`, absolute timesteps; the model sees the last K steps) goes through the runner of
/// its thread, and `choose` turns the output into the environment's action and the context's action token.
/// The shared core of evaluation (deterministic actions) and fine-tuning (sampled actions, recorded episodes).
struct EpisodeWave {
  /// How a model output becomes an action: `(copy, output) → (environment action, action token, recorded value)`.
  typealias Choose = (Int, [Float]) -> (action: Action, token: [Float], sample: [Float])

  /// One recorded episode: everything its windows and its return need.
  struct Trajectory: Sendable {
    var states: [[Float]] = [], tokens: [[Float]] = [], returnsToGo: [Float] = [], samples: [[Float]] = []
    var rewards: [Double] = []
    var terminated = false
    var seed: UInt64 = 0

    /// The context of step `t` as the policy saw it (the action slot of `t` a placeholder).
    func context(upTo t: Int, contextLength k: Int, placeholder: [Float]) -> DecisionContext {
      var context = DecisionContext()
      for step in max(0, t - k + 1)...t {
        context.append(state: states[step], action: step == t ? placeholder : tokens[step], returnToGo: returnsToGo[step], timestep: step)
      }
      return context
    }
  }

  let metadata: CheckpointMetadata
  /// Where the returns-to-go the model sees are clamped (scaled), or nil: the running return-to-go is still
  /// decremented by every reward, only its value in the context is held inside the range.
  var clip: ClosedRange<Float>? = nil

  /// Runs the episodes seeded `seed ..< seed + count` (copies beyond `count` are stepped but ignored).
  /// - Returns: one trajectory per episode (rewards always; the rest when `record`).
  func run(
    _ vector: inout VectorEnvironment, runners: [any ActionRunner], pool: WorkerPool?, count: Int, seed: UInt64,
    targetReturn: Double, record: Bool, recorder: SpikeRecorder?, choose: Choose
  ) throws(TrainerError) -> [Trajectory] {
    let m = metadata
    let codec = m.actionCodec
    let n = vector.count
    var observations: [Float]
    do { observations = try vector.reset(seed: seed) } catch { throw .environment(error) }
    let width = vector.observationCount
    var contexts = [DecisionContext](repeating: DecisionContext(), count: n)
    var trajectories = (0..<n).map { Trajectory(seed: seed &+ UInt64($0)) }
    var ended = (0..<n).map { $0 >= count }
    var rtg = [Float](repeating: Float(targetReturn / m.returnScale), count: n)
    let outputs = DisjointSlots<[Float]>(repeating: [], count: n)
    var step = 0
    while ended.contains(false) {
      let active = (0..<n).filter { !ended[$0] }
      for i in active {
        let state = (0..<width).map { (observations[i * width + $0] - m.observationMean[$0]) / m.observationStd[$0] }
        let seen = clip.map { min(max(rtg[i], $0.lowerBound), $0.upperBound) } ?? rtg[i]
        contexts[i].append(state: state, action: codec.placeholder, returnToGo: seen, timestep: step)
        contexts[i].keepLast(m.model.contextLength)
        if record { trajectories[i].states.append(state); trajectories[i].returnsToGo.append(seen) }
      }
      let work = { (part: Int, parts: Int) in
        for index in stride(from: part, to: active.count, by: parts) {
          outputs[active[index]] = runners[part].action(context: contexts[active[index]], recorder: recorder)
        }
      }
      if let pool, runners.count > 1 { pool.run { work($0, runners.count) } } else { work(0, 1) }
      var actions = [Action](repeating: codec.action(for: codec.placeholder), count: n)
      for copy in active {
        let chosen = choose(copy, outputs[copy])
        actions[copy] = chosen.action
        contexts[copy].replaceLastAction(chosen.token)
        if record { trajectories[copy].tokens.append(chosen.token); trajectories[copy].samples.append(chosen.sample) }
      }
      let result: VectorStep
      do { result = try vector.step(actions) } catch { throw .environment(error) }
      observations = result.observations
      for copy in active {
        trajectories[copy].rewards.append(result.rewards[copy])
        rtg[copy] -= Float(result.rewards[copy] / m.returnScale)
        if result.terminations[copy] || result.truncations[copy] {
          ended[copy] = true
          trajectories[copy].terminated = result.terminations[copy]
        }
      }
      step += 1
    }
    return Array(trajectories.prefix(count))
  }
}
