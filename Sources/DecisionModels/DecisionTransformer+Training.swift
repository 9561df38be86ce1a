import CKernels
public import NeuralNetworks
public import Parallelism
import TensorEngine

extension DecisionTransformer {
  /// The result of one training step.
  public struct StepReport: Sendable, Equatable {
    /// The loss before the update.
    public let loss: Float
    /// The global gradient norm before clipping.
    public let gradientNorm: Float
  }

  /// One optimisation step: forward, masked loss, backward, global-norm clipping, AdamW with the
  /// scheduled learning rate (kzl: clip 0.25, lr 1e-4, weight decay 1e-4, linear warmup).
  ///
  /// With `shards > 1` the batch's windows are split into that many consecutive shards, each with its own
  /// tape and dropout stream (keys drawn from `context` in shard order); each shard's loss divides by the
  /// whole batch's step count, so the summed losses and gradients are the batch's. Shards run on `pool`'s
  /// threads when given (each thread takes the next shard until none is left), else one after another,
  /// and are summed in shard order: the result depends on `shards`, never on the pool, so a
  /// seed reproduces a run bit for bit on any thread count. Keep BLAS single-threaded while a pool runs
  /// shards (`BLASInfo.setThreads(1)`).
  /// - Parameters:
  ///   - batch: the training windows.
  ///   - parameters: updated in place.
  ///   - optimizer: its moments and step count are updated.
  ///   - schedule: the learning-rate multiplier (evaluated at the optimizer's step count).
  ///   - maxGradientNorm: the clipping threshold.
  ///   - context: dropout settings and generator (advanced).
  ///   - shards: data-parallel shards, in `1...batch.batchSize` (default 1).
  ///   - pool: threads to run the shards on (default none).
  ///   - exchange: other processes computing the other shards (distributed training), or nil.
  /// - Returns: loss and gradient norm.
  /// - Throws: `TrainingError.nonFiniteLoss` or `.nonFiniteGradientNorm` (parameters untouched).
  public func trainingStep(
    _ batch: DecisionBatch, parameters: inout ParameterStore, optimizer: inout AdamW,
    schedule: LearningRateSchedule, maxGradientNorm: Float = 0.25, context: inout ForwardContext,
    shards: Int = 1, pool: WorkerPool? = nil, exchange: (any ShardExchange)? = nil
  ) throws(TrainingError) -> StepReport {
    let c = configuration
    // One dropout stream per shard, keys drawn in shard order (a single shard uses the context itself).
    let keys = shards == 1 ? [] : (0..<shards).map { _ in context.generator.nextKey() }
    let dropout = context.dropout
    var single = context
    var (loss, gradients) = try ShardedTraining.lossAndGradients(
      batch, shards: shards, pool: pool, stateDimension: c.stateDimension, actionDimension: c.actionDimension,
      discrete: c.discrete, exchange: exchange
    ) { shard, part, total in
      if keys.isEmpty { return lossAndGradients(part, parameters: parameters, context: &single) }
      var shardContext = ForwardContext(dropout: dropout, seed: keys[shard])
      return lossAndGradients(part, parameters: parameters, context: &shardContext, normalizer: total)
    }
    if keys.isEmpty { context = single }
    guard loss.isFinite else { throw .nonFiniteLoss(loss) }
    let norm = try GradientClipping.clip(&gradients, maxNorm: maxGradientNorm)
    let rate = optimizer.configuration.learningRate * schedule.factor(step: optimizer.step)
    optimizer.update(&parameters, gradients: gradients, learningRate: rate)
    return StepReport(loss: loss, gradientNorm: norm)
  }

  /// Loss and gradients of one (shard of a) batch on a fresh tape.
  func lossAndGradients(
    _ batch: DecisionBatch, parameters: ParameterStore, context: inout ForwardContext, normalizer: Float? = nil
  ) -> (Float, [String: Tensor]) {
    let tape = Tape()
    let binding = parameters.bind(to: tape)
    let loss = self.loss(batch, parameters: binding, context: &context, normalizer: normalizer)
    return (loss.value.scalar, binding.gradients(of: loss))
  }
}
