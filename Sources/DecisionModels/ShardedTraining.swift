import CKernels
public import Parallelism
import Synchronization
public import TensorEngine

/// Data-parallel shards of one training batch, shared by every model's training step (and the fine-tuner's).
///
/// The batch's windows are split into `shards` consecutive parts; `work` computes one part's loss and
/// gradients (its loss divided by the whole batch's step count, so sums are the batch's). Parts run on the
/// pool's threads when given (each thread takes the next part until none is left), else one after another,
/// and are summed in part order: the result depends on the shard count, never on the threads.
public enum ShardedTraining {
  /// The sums of the shards' losses and gradients, in shard order.
  /// - Parameters:
  ///   - batch: the training windows.
  ///   - shards: parts, in `1...batch.batchSize`.
  ///   - pool: threads, or nil.
  ///   - work: `(shard index, the shard's windows, the whole batch's step count) → (loss, gradients)`.
  public static func lossAndGradients(
    _ batch: DecisionBatch, shards: Int, pool: WorkerPool?, stateDimension: Int, actionDimension: Int, discrete: Bool,
    work: (Int, DecisionBatch, Float) -> (Float, [String: Tensor])
  ) -> (Float, [String: Tensor]) {
    let total = batch.mask.reduce(0, +)
    return lossAndGradients(batch, shards: shards, pool: pool, stateDimension: stateDimension,
      actionDimension: actionDimension, discrete: discrete, normalizer: total, work: work)
  }

  /// The windows of shard `shard` of `batchSize` windows in `shards` shards.
  public static func range(ofShard shard: Int, shards: Int, batchSize: Int) -> Range<Int> {
    (batchSize * shard / shards)..<(batchSize * (shard + 1) / shards)
  }

  /// As above, with the normaliser passed to `work` given (a loss over something else than real steps).
  public static func lossAndGradients(
    _ batch: DecisionBatch, shards: Int, pool: WorkerPool?, stateDimension: Int, actionDimension: Int, discrete: Bool,
    normalizer total: Float, work: (Int, DecisionBatch, Float) -> (Float, [String: Tensor])
  ) -> (Float, [String: Tensor]) {
    precondition(shards >= 1 && shards <= max(batch.batchSize, 1), "shards must lie in 1...\(batch.batchSize)")
    if shards == 1 { return work(0, batch, total) }
    let results = (0..<shards).map { _ in ShardResult() }
    func run(_ shard: Int) {
      let range = Self.range(ofShard: shard, shards: shards, batchSize: batch.batchSize)
      let part = batch.windows(range, stateDimension: stateDimension, actionDimension: actionDimension, discrete: discrete)
      (results[shard].loss, results[shard].gradients) = work(shard, part, total)
    }
    if let pool {
      // Threads take shards from a shared counter: a thread slowed down by the system takes fewer.
      let next = ShardCounter()
      pool.run { _ in
        while case let shard = next.value.add(1, ordering: .relaxed).oldValue, shard < shards { run(shard) }
      }
    } else {
      for shard in 0..<shards { run(shard) }
    }
    var loss = results[0].loss
    var gradients = results[0].gradients
    for result in results.dropFirst() {
      loss += result.loss
      for (name, gradient) in result.gradients {
        guard var sum = gradients.removeValue(forKey: name) else { continue }
        if sum.count == gradient.count {
          sum.withMutableElements { s in gradient.withElements { part in smr_add(s, part, gradient.count, s) } }
        }
        gradients[name] = sum
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
