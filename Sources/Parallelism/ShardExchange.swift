/// The processes of a data-parallel job (MPI ranks, say) as data-parallel training sees them: each computes
/// some of a batch's shards and every process receives every shard's results.
///
/// Implemented by `MPITransport.MPICommunicator`; one process alone needs none.
public protocol ShardExchange: AnyObject {
  /// This process's index, in `0..<size`.
  var rank: Int { get }
  /// The number of processes.
  var size: Int { get }
  /// Every process's `local` values, concatenated in rank order (the counts may differ between processes);
  /// a collective call: every process makes it, in the same order.
  /// - Throws: `ShardExchangeError` when the transport fails (a peer died).
  func allGather(_ local: [Float]) throws(ShardExchangeError) -> [Float]
}

/// A failed exchange.
public enum ShardExchangeError: Error, CustomStringConvertible, Equatable {
  /// The transport reported an error (its message).
  case transport(operation: String, message: String)
  /// The processes disagree on what is exchanged (a programmer error or mismatched runs).
  case mismatch(expected: Int, received: Int)

  public var description: String {
    switch self {
    case .transport(let operation, let message): "\(operation) failed: \(message)"
    case .mismatch(let expected, let received):
      "the processes exchanged \(received) values where \(expected) were expected (do all ranks run the same command?)"
    }
  }
}
