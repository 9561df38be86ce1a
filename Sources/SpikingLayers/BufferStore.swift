public import TensorEngine

/// A model's state that is not trained by gradients: batch-norm running statistics (Float32 tensors) and
/// integer counters (PTBN schedules, `num_batches_tracked`), by dotted name, in registration order —
/// PyTorch's registered buffers.
public struct BufferStore: Sendable, Equatable {
  /// Tensor buffer names in registration order.
  public private(set) var tensorNames: [String] = []
  /// Integer buffer names in registration order.
  public private(set) var counterNames: [String] = []
  /// Boolean buffer names (0/1 tensors among the tensor buffers, saved as BOOL: PSSA's band mask).
  public private(set) var booleanNames: Set<String> = []
  private var tensors: [String: Tensor] = [:]
  private var counters: [String: Int64] = [:]

  /// An empty store.
  public init() {}

  /// The tensor buffer `name`; setting a new name appends it.
  public subscript(tensor name: String) -> Tensor? {
    get { tensors[name] }
    set {
      if tensors[name] == nil, newValue != nil { tensorNames.append(name) }
      if newValue == nil { tensorNames.removeAll { $0 == name } }
      tensors[name] = newValue
    }
  }

  /// The boolean buffer `name` as a 0/1 tensor; setting it stores a tensor buffer marked boolean.
  public subscript(mask name: String) -> Tensor? {
    get { booleanNames.contains(name) ? tensors[name] : nil }
    set {
      self[tensor: name] = newValue
      if newValue == nil { booleanNames.remove(name) } else { booleanNames.insert(name) }
    }
  }

  /// The counter `name`; setting a new name appends it.
  public subscript(counter name: String) -> Int64? {
    get { counters[name] }
    set {
      if counters[name] == nil, newValue != nil { counterNames.append(name) }
      if newValue == nil { counterNames.removeAll { $0 == name } }
      counters[name] = newValue
    }
  }

  /// Applies what training forwards observed: every batch norm's running statistics
  /// (`running ← momentum·batch + (1 − momentum)·running`, unbiased batch variance, as PyTorch) and
  /// `num_batches_tracked`; every progressive norm's schedule counters (`warm` and `iter` decremented,
  /// floored at 0).
  /// - Parameters:
  ///   - updates: the observations of one training step (merged over shards).
  ///   - momentum: the running-average weight of the new batch (PyTorch's default 0.1).
  public mutating func apply(_ updates: BufferUpdates, momentum: Float = 0.1) {
    for (name, statistics) in updates.batchStatistics {
      let unbiased = statistics.unbiasedVariance
      modifyTensor("\(name).running_mean") { running in
        for c in running.scalars.indices { running.scalars[c] = momentum * statistics.mean[c] + (1 - momentum) * running.scalars[c] }
      }
      modifyTensor("\(name).running_var") { running in
        for c in running.scalars.indices { running.scalars[c] = momentum * unbiased[c] + (1 - momentum) * running.scalars[c] }
      }
      if let tracked = counters["\(name).num_batches_tracked"] { counters["\(name).num_batches_tracked"] = tracked + 1 }
    }
    for name in updates.advancedSchedules {
      for counter in ["warm", "iter"] {
        if let value = counters["\(name).\(counter)"], value > 0 { counters["\(name).\(counter)"] = value - 1 }
      }
    }
  }

  private mutating func modifyTensor(_ name: String, _ body: (inout Tensor) -> Void) {
    guard var tensor = tensors.removeValue(forKey: name) else { return }
    body(&tensor)
    tensors[name] = tensor
  }
}

/// Per-feature statistics of one training batch norm call.
public struct BatchStatistics: Sendable, Equatable {
  /// Rows counted.
  public var count: Int
  /// Per-feature mean.
  public var mean: [Float]
  /// Per-feature population (biased) variance.
  public var variance: [Float]

  /// Creates statistics.
  public init(count: Int, mean: [Float], variance: [Float]) {
    self.count = count
    self.mean = mean
    self.variance = variance
  }

  /// The unbiased variance `σ²·n/(n − 1)` PyTorch's running estimate uses.
  public var unbiasedVariance: [Float] {
    let factor = count > 1 ? Float(count) / Float(count - 1) : 1
    return variance.map { $0 * factor }
  }

  /// The statistics of the union of several batches (exact pooled mean and variance).
  public static func pooled(_ parts: [BatchStatistics]) -> BatchStatistics {
    guard let first = parts.first else { return BatchStatistics(count: 0, mean: [], variance: []) }
    if parts.count == 1 { return first }
    let total = parts.reduce(0) { $0 + $1.count }
    let n = Double(max(total, 1))
    var mean = [Double](repeating: 0, count: first.mean.count)
    for part in parts { for c in mean.indices { mean[c] += Double(part.count) * Double(part.mean[c]) / n } }
    var variance = [Double](repeating: 0, count: mean.count)
    for part in parts {
      for c in mean.indices {
        let shift = Double(part.mean[c]) - mean[c]
        variance[c] += Double(part.count) * (Double(part.variance[c]) + shift * shift) / n
      }
    }
    return BatchStatistics(count: total, mean: mean.map { Float($0) }, variance: variance.map { Float($0) })
  }
}

/// What the training forwards of one optimisation step observed, to apply to a `BufferStore`.
public struct BufferUpdates: Sendable, Equatable {
  /// Batch statistics by batch-norm name (e.g. `...q_ln.norm.norm2.bn`), in call order.
  public var batchStatistics: [(String, BatchStatistics)] = []
  /// Progressive norms (`...q_ln.norm`) whose schedule advanced, in call order.
  public var advancedSchedules: [String] = []

  /// No updates.
  public init() {}

  /// The updates of data-parallel shards of one batch: statistics pooled per norm, each schedule advanced
  /// once (one step is one forward of the whole batch).
  public static func merged(_ shards: [BufferUpdates]) -> BufferUpdates {
    guard let first = shards.first else { return BufferUpdates() }
    var result = BufferUpdates()
    result.advancedSchedules = first.advancedSchedules
    result.batchStatistics = first.batchStatistics.enumerated().map { index, entry in
      (entry.0, BatchStatistics.pooled(shards.compactMap { $0.batchStatistics.indices.contains(index) ? $0.batchStatistics[index].1 : nil }))
    }
    return result
  }

  /// The statistics' numbers in order (count, means, variances per norm), for exchange between processes.
  public var statisticsValues: [Float] {
    batchStatistics.flatMap { [Float($0.1.count)] + $0.1.mean + $0.1.variance }
  }

  /// These updates with the numbers of `values` (laid out as `statisticsValues`) in place of their own.
  public func replacingStatistics(_ values: ArraySlice<Float>) -> BufferUpdates {
    var result = self
    var offset = values.startIndex
    result.batchStatistics = batchStatistics.map { name, statistics in
      let width = statistics.mean.count
      let count = Int(values[offset])
      let mean = Array(values[(offset + 1)..<(offset + 1 + width)])
      let variance = Array(values[(offset + 1 + width)..<(offset + 1 + 2 * width)])
      offset += 1 + 2 * width
      return (name, BatchStatistics(count: count, mean: mean, variance: variance))
    }
    return result
  }

  /// Compares names and statistics.
  public static func == (lhs: BufferUpdates, rhs: BufferUpdates) -> Bool {
    lhs.advancedSchedules == rhs.advancedSchedules && lhs.batchStatistics.count == rhs.batchStatistics.count
      && zip(lhs.batchStatistics, rhs.batchStatistics).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
  }
}
