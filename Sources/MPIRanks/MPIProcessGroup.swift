internal import CMPIShim
import MetaLearning

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ranks of the Open MPI job this process belongs to (`mpirun -np N metalearn …`), as a
/// `ProcessGroup` over MPI_COMM_WORLD. MPI is initialised only by `joinLaunchedJob()`, and only
/// when `mpirun` started the process, so a plain `metalearn` never touches MPI. Every MPI call
/// comes from the thread that joined (MPI_THREAD_FUNNELED). An MPI failure ends the whole job.
public final class MPIProcessGroup: ProcessGroup, @unchecked Sendable {
    /// The environment variable `mpirun` sets in every rank: the number of ranks.
    public static let sizeVariable = "OMPI_COMM_WORLD_SIZE"

    public let rank: Int
    public let size: Int
    /// What the exchanges so far moved and cost.
    public private(set) var traffic = ExchangeTraffic()

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Whether `mpirun` started this process (its environment names the job's size).
    public static var isLaunched: Bool { getenv(sizeVariable) != nil }

    /// Initialises MPI and returns this process's group when `mpirun` started the process; nil
    /// (MPI untouched) otherwise.
    public static func joinLaunchedJob() -> MPIProcessGroup? {
        guard isLaunched else { return nil }
        check(cmpi_init(), "MPI_Init_thread")
        var rank: Int32 = 0
        var size: Int32 = 0
        check(cmpi_rank(&rank), "MPI_Comm_rank")
        check(cmpi_size(&size), "MPI_Comm_size")
        return MPIProcessGroup(rank: Int(rank), size: Int(size))
    }

    /// Ends MPI; every rank calls it once, after its last exchange.
    public func finish() {
        Self.check(cmpi_finalize(), "MPI_Finalize")
    }

    /// From now on, if `mpirun` stops this process because another rank ended (or the job was
    /// cancelled), `message` goes to standard error and the process exits with status 1.
    public func printOnTermination(_ message: String) {
        cmpi_print_on_termination(message)
    }

    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        let start = Self.monotonicSeconds()
        var count = Int64(bytes.count)
        var counts = [Int64](repeating: 0, count: size)
        Self.check(cmpi_allgather_int64(&count, &counts), "MPI_Allgather")
        // Every rank has arrived once the counts are known: from here on it is the transfer alone.
        let arrived = Self.monotonicSeconds()
        var gathered = counts.map { count -> [UInt8] in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(count))
            return bytes
        }
        // MPI counts and offsets are ints: each round moves at most `piece` bytes per rank.
        let piece = Int(Int32.max) / size
        let received = UnsafeMutableRawBufferPointer.allocate(
            byteCount: counts.reduce(0) { $0 + min(piece, Int($1)) }, alignment: 16)
        defer { received.deallocate() }
        var sent = 0
        while sent < counts.map(Int.init).max() ?? 0 {
            let pieces = counts.map { Int32(max(0, min(piece, Int($0) - sent))) }
            var offsets = [Int32](repeating: 0, count: size)
            for rank in 1..<max(1, size) { offsets[rank] = offsets[rank - 1] + pieces[rank - 1] }
            bytes.withUnsafeBufferPointer { send in
                Self.check(
                    cmpi_allgatherv_bytes(
                        send.baseAddress.map { $0 + sent }, pieces[rank], received.baseAddress,
                        pieces, offsets), "MPI_Allgatherv")
            }
            for rank in 0..<size where pieces[rank] > 0 {
                let from = Int(offsets[rank])
                gathered[rank].append(contentsOf: received[from..<(from + Int(pieces[rank]))])
            }
            sent += piece
        }
        traffic.record(
            bytes: gathered.reduce(0) { $0 + $1.count }, waiting: arrived - start,
            transfer: Self.monotonicSeconds() - arrived)
        return gathered
    }

    public func broadcastFromFirst(_ bytes: [UInt8]) -> [UInt8] {
        var count = Int64(bytes.count)
        var counts = [Int64](repeating: 0, count: size)
        Self.check(cmpi_allgather_int64(&count, &counts), "MPI_Allgather")
        var buffer = rank == 0 ? bytes : [UInt8](repeating: 0, count: Int(counts[0]))
        let piece = Int(Int32.max)
        for start in stride(from: 0, to: buffer.count, by: piece) {
            let length = Int32(min(piece, buffer.count - start))
            buffer.withUnsafeMutableBufferPointer { pointer in
                Self.check(cmpi_broadcast_bytes(pointer.baseAddress! + start, length, 0), "MPI_Bcast")
            }
        }
        return buffer
    }

    /// Ends the job when an MPI call failed (with MPI's default error handler it never returns one).
    private static func check(_ status: Int32, _ call: String) {
        guard status != 0 else { return }
        let message = "error: \(call) failed with MPI error \(status); ending the MPI job\n"
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        cmpi_abort(1)
    }

    private static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The bytes the exchanges (all-gathers) of a group moved and the time they took.
public struct ExchangeTraffic: Sendable {
    /// Exchanges so far.
    public private(set) var exchanges = 0
    /// Seconds this rank waited in them for the other ranks to arrive (their share took longer).
    public private(set) var waitingSeconds = 0.0
    /// The most bytes one exchange gathered on this rank (its own included; in a run, a meta-batch's
    /// per-task results), how many exchanges gathered that many, and the seconds their transfers
    /// took once every rank had arrived.
    public private(set) var largest = (bytes: 0, exchanges: 0, transferSeconds: 0.0)

    mutating func record(bytes: Int, waiting: Double, transfer: Double) {
        exchanges += 1
        waitingSeconds += waiting
        if bytes > largest.bytes { largest = (bytes, 0, 0) }
        if bytes == largest.bytes { largest = (bytes, largest.exchanges + 1, largest.transferSeconds + transfer) }
    }
}
