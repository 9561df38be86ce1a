public import NeuralNetworks
public import Parallelism
public import SpikingLayers
import TensorEngine

extension SNNDecisionTransformer {
  /// One optimisation step (as the DT's: masked loss, surrogate-gradient backward, global-norm clipping,
  /// AdamW with the scheduled learning rate), on data-parallel shards with one dropout stream each (keys
  /// drawn from `context` in shard order); results depend on the shard count, never on the pool's threads.
  /// - Returns: loss and gradient norm before clipping.
  /// - Throws: `TrainingError.nonFiniteLoss` or `.nonFiniteGradientNorm` (parameters untouched).
  public func trainingStep(
    _ batch: DecisionBatch, parameters: inout ParameterStore, optimizer: inout AdamW, schedule: LearningRateSchedule,
    maxGradientNorm: Float = 0.25, context: inout ForwardContext, shards: Int = 1, pool: WorkerPool? = nil,
    recorder: SpikeRecorder? = nil, exchange: (any ShardExchange)? = nil
  ) throws(TrainingError) -> DecisionTransformer.StepReport {
    let c = configuration
    let keys = shards == 1 ? [] : (0..<shards).map { _ in context.generator.nextKey() }
    let dropout = context.dropout
    var single = context
    let store = parameters
    var (loss, gradients) = try ShardedTraining.lossAndGradients(
      batch, shards: shards, pool: pool, stateDimension: c.stateDimension, actionDimension: c.actionDimension,
      discrete: c.discrete, exchange: exchange
    ) { shard, part, total in
      let tape = Tape()
      let binding = store.bind(to: tape)
      let pass = SpikingPass(mode: .training, buffers: BufferStore(), recorder: recorder)
      var shardContext = keys.isEmpty ? single : ForwardContext(dropout: dropout, seed: keys[shard])
      let value = self.loss(part, parameters: binding, context: &shardContext, pass: pass, normalizer: total)
      if keys.isEmpty { single = shardContext }
      return (value.value.scalar, binding.gradients(of: value))
    }
    if keys.isEmpty { context = single }
    guard loss.isFinite else { throw .nonFiniteLoss(loss) }
    let norm = try GradientClipping.clip(&gradients, maxNorm: maxGradientNorm)
    let rate = optimizer.configuration.learningRate * schedule.factor(step: optimizer.step)
    optimizer.update(&parameters, gradients: gradients, learningRate: rate)
    return DecisionTransformer.StepReport(loss: loss, gradientNorm: norm)
  }
}
