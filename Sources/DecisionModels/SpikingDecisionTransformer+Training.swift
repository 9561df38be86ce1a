public import NeuralNetworks
public import Parallelism
public import SpikingLayers
import Synchronization
import TensorEngine

extension SpikingDecisionTransformer {
  /// One optimisation step (MODELS.md §1.9–1.10): training-mode forward (batch statistics, PTBN mixture),
  /// masked loss, surrogate-gradient backward, global-norm clipping, AdamW with the scheduled learning rate;
  /// then the buffers: BN running statistics and PTBN counters advance once.
  ///
  /// With `shards > 1` the windows are split into consecutive shards, each its own forward (so batch-norm
  /// statistics are per shard, as in data-parallel training without synchronised BN; the running statistics
  /// pool all shards exactly). Results depend on the shard count, never on the pool's threads.
  /// - Parameters:
  ///   - batch: the training windows.
  ///   - parameters: updated in place.
  ///   - buffers: running statistics and counters, updated in place.
  ///   - optimizer: its moments and step count are updated.
  ///   - schedule: the learning-rate multiplier (at the optimizer's step count).
  ///   - maxGradientNorm: the clipping threshold (DSFormer: 0.25).
  ///   - shards: data-parallel shards, in `1...batch.batchSize`.
  ///   - pool: threads to run the shards on, or nil.
  ///   - recorder: receives the training forwards' spikes, or nil.
  ///   - exchange: other processes computing the other shards (distributed training), or nil.
  ///   - dropoutSeed: the step's dropout stream (the `dropout` option): one key per shard, drawn in shard order.
  /// - Returns: loss and gradient norm before clipping.
  /// - Throws: `TrainingError.nonFiniteLoss` or `.nonFiniteGradientNorm` (parameters and buffers untouched),
  ///   `.exchange`.
  public func trainingStep(
    _ batch: DecisionBatch, parameters: inout ParameterStore, buffers: inout BufferStore, optimizer: inout AdamW,
    schedule: LearningRateSchedule, maxGradientNorm: Float = 0.25, shards: Int = 1, pool: WorkerPool? = nil,
    recorder: SpikeRecorder? = nil, exchange: (any ShardExchange)? = nil, dropoutSeed: UInt64 = 0
  ) throws(TrainingError) -> DecisionTransformer.StepReport {
    let c = configuration
    var stream = DropoutGenerator(seed: dropoutSeed)
    let keys = (0..<shards).map { _ in stream.nextKey() }
    let passes = (0..<shards).map { _ in SpikingPass(mode: .training, buffers: buffers, recorder: recorder) }
    let store = parameters
    // Distributed: the batch statistics of the other processes' shards arrive beside their gradients.
    let received = ReceivedUpdates()
    let payload = ShardPayload(pack: { passes[$0].updates.statisticsValues }, unpack: { shard, values in
      received.updates[shard] = passes[received.template(passes)].updates.replacingStatistics(values)
    })
    var (loss, gradients) = try ShardedTraining.lossAndGradients(
      batch, shards: shards, pool: pool, stateDimension: c.stateDimension, actionDimension: c.actionDimension,
      discrete: c.discrete, exchange: exchange, payload: payload
    ) { shard, part, total in
      let tape = Tape()
      let binding = store.bind(to: tape)
      let dropout = ForwardContext(dropout: c.dropout ?? 0, seed: keys[shard])
      let value = self.loss(part, parameters: binding, pass: passes[shard], normalizer: total, dropout: dropout)
      return (value.value.scalar, binding.gradients(of: value))
    }
    guard loss.isFinite else { throw .nonFiniteLoss(loss) }
    let norm = try GradientClipping.clip(&gradients, maxNorm: maxGradientNorm)
    let rate = optimizer.configuration.learningRate * schedule.factor(step: optimizer.step)
    optimizer.update(&parameters, gradients: gradients, learningRate: rate)
    buffers.apply(BufferUpdates.merged(passes.indices.map { received.updates[$0] ?? passes[$0].updates }))
    return DecisionTransformer.StepReport(loss: loss, gradientNorm: norm)
  }

  /// The action for the last step of one context (batch 1, evaluation mode, the tape path).
  ///
  /// The last K steps are used, left-padded as the released `get_action` pads (zeros, mask 0); the last
  /// step's action slot is a placeholder (only earlier actions enter, shifted one step right).
  /// - Returns: the predicted action vector (tanh-squashed) or the logits (discrete).
  public func action(
    context: DecisionContext, parameters: ParameterStore, buffers: BufferStore, recorder: SpikeRecorder? = nil
  ) -> [Float] {
    let c = configuration
    let batch = context.paddedWindow(contextLength: c.contextLength, stateDimension: c.stateDimension,
      actionDimension: c.actionDimension, actionPad: 0)
    let tape = Tape()
    return tape.withoutGradients {
      let pass = SpikingPass(mode: .evaluation, buffers: buffers, recorder: recorder)
      let predictions = predictActions(batch, parameters: parameters.bind(to: tape), pass: pass)
      return Array(predictions.value.scalars.suffix(c.actionDimension))
    }
  }
}

/// The buffer updates of shards computed by other processes (distributed training), by shard.
private final class ReceivedUpdates {
  var updates: [Int: BufferUpdates] = [:]

  /// A shard this process computed: its updates give the names the received values belong to.
  func template(_ passes: [SpikingPass]) -> Int {
    passes.indices.first { updates[$0] == nil && !passes[$0].updates.batchStatistics.isEmpty } ?? 0
  }
}
