import Synchronization

/// One forward pass of a spiking model: training or evaluation, the buffers it reads, the recorder it
/// reports spikes to, and (in training) the buffer updates it observes.
///
/// Made per forward (per shard in data-parallel training) by the caller and read by the layers; no
/// global state. After a training step, merge the passes' `updates` and apply them to the model's
/// `BufferStore`.
public final class SpikingPass: Sendable {
  /// Training (batch statistics, PTBN mixture) or evaluation (running statistics).
  public enum Mode: Sendable, Equatable {
    /// Batch statistics; PTBN mixes LN and BN with its current λ; updates are collected.
    case training
    /// Running statistics; PTBN is BN.
    case evaluation
  }

  /// The mode.
  public let mode: Mode
  /// The running statistics and counters read by the norms.
  public let buffers: BufferStore
  /// Where spiking layers report, or nil.
  public let recorder: SpikeRecorder?
  private let collected = Mutex(BufferUpdates())

  /// Creates a pass.
  public init(mode: Mode, buffers: BufferStore, recorder: SpikeRecorder? = nil) {
    self.mode = mode
    self.buffers = buffers
    self.recorder = recorder
  }

  /// What the training forward observed (empty in evaluation).
  public var updates: BufferUpdates { collected.withLock { $0 } }

  /// Records a batch norm's batch statistics.
  public func observe(batchNorm name: String, statistics: BatchStatistics) {
    collected.withLock { $0.batchStatistics.append((name, statistics)) }
  }

  /// Records that a progressive norm's schedule advances after this step.
  public func advance(schedule name: String) {
    collected.withLock { $0.advancedSchedules.append(name) }
  }
}
