import CMPI
public import Parallelism

/// The job's MPI processes (OpenMPI, `MPI_COMM_WORLD`), for data-parallel training: rank, size, and a
/// deterministic all-gather (every rank receives every rank's values in rank order, so sums made from them
/// are formed in one fixed order on every rank).
///
/// MPI is initialised once per process (`MPI_THREAD_FUNNELED`: only the thread that created the communicator
/// calls MPI) and finalised by `finalize()`. Errors are returned, not fatal (`MPI_ERRORS_RETURN`), and become
/// `ShardExchangeError.transport`; when a rank dies, `mpirun` ends the others and reports which one.
public final class MPICommunicator: ShardExchange {
  /// This process's rank.
  public let rank: Int
  /// The number of ranks.
  public let size: Int

  /// Initialises MPI.
  /// - Throws: `ShardExchangeError.transport` when MPI cannot start (not launched by `mpirun`, say).
  public init() throws(ShardExchangeError) {
    var provided: Int32 = 0
    var argc: Int32 = 0
    var code = MPI_Init_thread(&argc, nil, smr_mpi_thread_funneled(), &provided)
    guard code == smr_mpi_success() else { throw .transport(operation: "MPI_Init_thread", message: "error \(code)") }
    _ = MPI_Comm_set_errhandler(smr_mpi_comm_world(), smr_mpi_errors_return())
    var value: Int32 = 0
    code = MPI_Comm_rank(smr_mpi_comm_world(), &value)
    guard code == smr_mpi_success() else { throw .transport(operation: "MPI_Comm_rank", message: Self.message(code)) }
    rank = Int(value)
    code = MPI_Comm_size(smr_mpi_comm_world(), &value)
    guard code == smr_mpi_success() else { throw .transport(operation: "MPI_Comm_size", message: Self.message(code)) }
    size = Int(value)
  }

  /// `MPI_Allgatherv` of `local` after an `MPI_Allgather` of the counts.
  public func allGather(_ local: [Float]) throws(ShardExchangeError) -> [Float] {
    var counts = [Int32](repeating: 0, count: size)
    var count = Int32(local.count)
    var code = MPI_Allgather(&count, 1, smr_mpi_int(), &counts, 1, smr_mpi_int(), smr_mpi_comm_world())
    guard code == smr_mpi_success() else { throw .transport(operation: "MPI_Allgather", message: Self.message(code)) }
    var offsets = [Int32](repeating: 0, count: size)
    for r in 1..<max(size, 1) { offsets[r] = offsets[r - 1] + counts[r - 1] }
    let total = Int(counts.reduce(0, +))
    var result = [Float](repeating: 0, count: total)
    code = local.withUnsafeBufferPointer { send in
      result.withUnsafeMutableBufferPointer { receive in
        MPI_Allgatherv(send.baseAddress, count, smr_mpi_float(), receive.baseAddress, counts, offsets, smr_mpi_float(),
          smr_mpi_comm_world())
      }
    }
    guard code == smr_mpi_success() else { throw .transport(operation: "MPI_Allgatherv", message: Self.message(code)) }
    return result
  }

  /// Waits for every rank.
  /// - Throws: `ShardExchangeError.transport`.
  public func barrier() throws(ShardExchangeError) {
    let code = MPI_Barrier(smr_mpi_comm_world())
    guard code == smr_mpi_success() else { throw .transport(operation: "MPI_Barrier", message: Self.message(code)) }
  }

  /// Ends MPI in this process (call once, after the last exchange).
  public func finalize() { _ = MPI_Finalize() }

  /// Ends the whole job with `code` (every rank), for an error one rank cannot recover from.
  public func abort(code: Int32) { _ = MPI_Abort(smr_mpi_comm_world(), code) }

  /// MPI's text for an error code.
  static func message(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: Int(smr_mpi_max_error_string()) + 1)
    var length: Int32 = 0
    _ = MPI_Error_string(code, &buffer, &length)
    return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
