import CKernels
public import NeuralNetworks
public import Parallelism
import Synchronization
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
  /// - Returns: loss and gradient norm.
  /// - Throws: `TrainingError.nonFiniteGradientNorm` (parameters untouched).
  public func trainingStep(
    _ batch: DecisionBatch, parameters: inout ParameterStore, optimizer: inout AdamW,
    schedule: LearningRateSchedule, maxGradientNorm: Float = 0.25, context: inout ForwardContext,
    shards: Int = 1, pool: WorkerPool? = nil
  ) throws(TrainingError) -> StepReport {
    precondition(shards >= 1 && shards <= max(batch.batchSize, 1), "shards must lie in 1...\(batch.batchSize)")
    var (loss, gradients) =
      shards == 1
      ? lossAndGradients(batch, parameters: parameters, context: &context)
      : shardedLossAndGradients(batch, parameters: parameters, context: &context, shards: shards, pool: pool)
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

  /// Sums of the shards' losses and gradients, in shard order.
  func shardedLossAndGradients(
    _ batch: DecisionBatch, parameters: ParameterStore, context: inout ForwardContext, shards: Int, pool: WorkerPool?
  ) -> (Float, [String: Tensor]) {
    let c = configuration
    let total = batch.mask.reduce(0, +)
    let keys = (0..<shards).map { _ in context.generator.nextKey() }
    let results = (0..<shards).map { _ in ShardResult() }
    let dropout = context.dropout
    let work = { (shard: Int) in
      let range = (batch.batchSize * shard / shards)..<(batch.batchSize * (shard + 1) / shards)
      let part = batch.windows(range, stateDimension: c.stateDimension, actionDimension: c.actionDimension, discrete: c.discrete)
      var shardContext = ForwardContext(dropout: dropout, seed: keys[shard])
      (results[shard].loss, results[shard].gradients) = lossAndGradients(
        part, parameters: parameters, context: &shardContext, normalizer: total)
    }
    if let pool {
      // Threads take shards from a shared counter: a thread slowed down by the system takes fewer.
      let next = ShardCounter()
      pool.run { _ in
        while case let shard = next.value.add(1, ordering: .relaxed).oldValue, shard < shards { work(shard) }
      }
    } else {
      for shard in 0..<shards { work(shard) }
    }
    var loss = results[0].loss
    var gradients = results[0].gradients
    for result in results.dropFirst() {
      loss += result.loss
      for (name, gradient) in result.gradients {
        gradients[name]?.scalars.withUnsafeMutableBufferPointer { sum in
          gradient.scalars.withUnsafeBufferPointer { part in
            if let s = sum.baseAddress, let p = part.baseAddress, sum.count == part.count { smr_add(s, p, sum.count, s) }
          }
        }
      }
    }
    return (loss, gradients)
  }
}

/// The next shard to take.
private final class ShardCounter: Sendable {
  let value = Atomic<Int>(0)
}

/// One shard's loss and gradients, written by the thread that computed them.
private final class ShardResult {
  var loss: Float = 0
  var gradients: [String: Tensor] = [:]
}
