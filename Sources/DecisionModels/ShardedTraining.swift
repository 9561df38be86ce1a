import CKernels
public import NeuralNetworks
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

  /// `lossAndGradients` (normalised by the batch's step count) in one process, or across the processes of
  /// `exchange` when it has more than one (`distributedLossAndGradients`).
  /// - Throws: `TrainingError.exchange` when the exchange fails.
  public static func lossAndGradients(
    _ batch: DecisionBatch, shards: Int, pool: WorkerPool?, stateDimension: Int, actionDimension: Int, discrete: Bool,
    exchange: (any ShardExchange)?, payload: ShardPayload? = nil, work: (Int, DecisionBatch, Float) -> (Float, [String: Tensor])
  ) throws(TrainingError) -> (Float, [String: Tensor]) {
    guard let exchange, exchange.size > 1 else {
      return lossAndGradients(batch, shards: shards, pool: pool, stateDimension: stateDimension, actionDimension: actionDimension,
        discrete: discrete, work: work)
    }
    return try distributedLossAndGradients(batch, shards: shards, pool: pool, stateDimension: stateDimension,
      actionDimension: actionDimension, discrete: discrete, normalizer: batch.mask.reduce(0, +), exchange: exchange, payload: payload,
      work: work)
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
    let results = run(0..<shards, of: batch, shards: shards, pool: pool, stateDimension: stateDimension,
      actionDimension: actionDimension, discrete: discrete, normalizer: total, work: work)
    return sum(results)
  }

  /// As above across processes: this process computes its block of shards (`range(ofShard: rank, shards:
  /// size, batchSize: shards)`), every shard's loss, gradients and `payload` values are all-gathered, and every
  /// process sums them in shard order — the very sums one process makes, so the weights equal its weights.
  /// - Parameters:
  ///   - exchange: the processes (`shards ≥ size`).
  ///   - payload: per-shard values exchanged beside the gradients (batch-norm statistics), or nil.
  /// - Throws: `TrainingError.exchange` when the exchange fails or the processes disagree.
  public static func distributedLossAndGradients(
    _ batch: DecisionBatch, shards: Int, pool: WorkerPool?, stateDimension: Int, actionDimension: Int, discrete: Bool,
    normalizer total: Float, exchange: any ShardExchange, payload: ShardPayload? = nil,
    work: (Int, DecisionBatch, Float) -> (Float, [String: Tensor])
  ) throws(TrainingError) -> (Float, [String: Tensor]) {
    precondition(shards >= exchange.size && shards <= max(batch.batchSize, 1), "shards must lie in \(exchange.size)...\(batch.batchSize)")
    let own = range(ofShard: exchange.rank, shards: exchange.size, batchSize: shards)
    let results = run(own, of: batch, shards: shards, pool: pool, stateDimension: stateDimension, actionDimension: actionDimension,
      discrete: discrete, normalizer: total, work: work)
    // The layout (names in order, element counts, payload size) is this process's first shard's; every process
    // has the same model and batch, so the same layout.
    let template = results[own.lowerBound]
    let names = template.gradients.keys.sorted()
    let sizes = names.map { template.gradients[$0]?.count ?? 0 }
    let extra = payload?.pack(own.lowerBound).count ?? 0
    let stride = 1 + sizes.reduce(0, +) + extra
    var local: [Float] = []
    local.reserveCapacity(stride * own.count)
    for shard in own {
      local.append(results[shard].loss)
      for name in names { local += results[shard].gradients[name]?.scalars ?? [] }
      if let payload { local += payload.pack(shard) }
    }
    let all: [Float]
    do { all = try exchange.allGather(local) } catch { throw .exchange(error.description) }
    guard all.count == stride * shards else { throw .exchange(ShardExchangeError.mismatch(expected: stride * shards, received: all.count).description) }
    for shard in 0..<shards where !own.contains(shard) {
      var offset = shard * stride
      results[shard].loss = all[offset]
      offset += 1
      for (name, size) in zip(names, sizes) {
        let shape = template.gradients[name]?.shape ?? [size]
        results[shard].gradients[name] = Tensor(shape: shape, scalars: Array(all[offset..<(offset + size)]))
        offset += size
      }
      payload?.unpack(shard, all[offset..<(offset + extra)])
    }
    return sum(results)
  }

  /// Computes the shards `indices` (on the pool's threads when given); the other entries stay empty.
  private static func run(
    _ indices: Range<Int>, of batch: DecisionBatch, shards: Int, pool: WorkerPool?, stateDimension: Int, actionDimension: Int,
    discrete: Bool, normalizer total: Float, work: (Int, DecisionBatch, Float) -> (Float, [String: Tensor])
  ) -> [ShardResult] {
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
        while case let taken = next.value.add(1, ordering: .relaxed).oldValue, taken < indices.count { run(indices.lowerBound + taken) }
      }
    } else {
      for shard in indices { run(shard) }
    }
    return results
  }

  /// The shards' losses and gradients summed in shard order.
  private static func sum(_ results: [ShardResult]) -> (Float, [String: Tensor]) {
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

/// Values of each shard exchanged beside its gradients in distributed training: `pack` gives a computed
/// shard's (the same count for every shard), `unpack` receives another process's shard.
public struct ShardPayload {
  /// The values of a shard this process computed.
  public let pack: (Int) -> [Float]
  /// Receives the values of a shard another process computed.
  public let unpack: (Int, ArraySlice<Float>) -> Void

  /// Creates a payload.
  public init(pack: @escaping (Int) -> [Float], unpack: @escaping (Int, ArraySlice<Float>) -> Void) {
    (self.pack, self.unpack) = (pack, unpack)
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
