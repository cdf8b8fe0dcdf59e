#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Recycles large tensor buffers. A training step allocates the same sizes every iteration;
/// handing freed buffers back instead of returning them to the system saves the page faults
/// and zeroing of fresh memory, and keeps the resident size flat from iteration to iteration.
///
/// Buffers are recycled per lane. The workers of a meta-batch each draw from their own lane
/// (`BufferLanes.with`), so a worker's idle buffers follow its own tasks, which repeat exactly
/// from one meta-iteration to the next; with one shared set, the workers' needs would add up
/// differently each time their phases drift, and the pool would keep growing to new joint
/// peaks. A buffer always goes back to the lane it came from, whichever thread frees it.
///
/// Buffers below `minimumBytes` go straight to malloc. Each lane holds at most `capacityBytes`
/// of idle buffers; beyond that, freed buffers are released.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private let minimumBytes = 64 * 1024
    /// 2 GB, or a quarter of the machine's memory when that is more: a ResNet-12 episode at 84×84
    /// keeps about 3 to 4 GB alive, and a 2 GB bound handed the rest back to the system only to
    /// fault it in again every episode.
    private let capacityBytes = max(
        2 << 30, Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE))) / 4)
    /// Room before each pooled buffer for its lane number, keeping the 64-byte alignment.
    private let headerBytes = 64
    private let lanes = (0..<BufferLanes.count).map { _ in Lane() }

    /// One lane's idle buffers, by size.
    private final class Lane {
        var idle: [Int: [UnsafeMutableRawPointer]] = [:]
        var idleBytes = 0
        let mutex: UnsafeMutablePointer<pthread_mutex_t>

        init() {
            mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
            pthread_mutex_init(mutex, nil)
        }

        func locked<Result>(_ body: () -> Result) -> Result {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body()
        }
    }

    /// The byte size actually reserved for a request (large requests round up to whole pages,
    /// so nearby sizes share buffers).
    private func bucket(_ bytes: Int) -> Int {
        bytes < minimumBytes ? bytes : (bytes + 4095) & ~4095
    }

    /// A 64-byte aligned buffer of at least `bytes` bytes from the current lane, contents undefined.
    func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let size = bucket(max(bytes, 1))
        guard size >= minimumBytes else { return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64) }
        let laneNumber = BufferLanes.current
        let lane = lanes[laneNumber]
        let reused: UnsafeMutableRawPointer? = lane.locked {
            guard let buffer = lane.idle[size]?.popLast() else { return nil }
            lane.idleBytes -= size
            return buffer
        }
        if let reused { return reused }
        let block = UnsafeMutableRawPointer.allocate(byteCount: headerBytes + size, alignment: 64)
        block.storeBytes(of: laneNumber, as: Int.self)
        return block + headerBytes
    }

    /// Returns a buffer obtained from `allocate(_:)` with the same `bytes` to its lane.
    func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        let size = bucket(max(bytes, 1))
        guard size >= minimumBytes else { return pointer.deallocate() }
        let block = pointer - headerBytes
        let lane = lanes[block.load(as: Int.self)]
        let kept = lane.locked {
            guard lane.idleBytes + size <= capacityBytes else { return false }
            lane.idle[size, default: []].append(pointer)
            lane.idleBytes += size
            return true
        }
        if !kept { block.deallocate() }
    }
}

/// Which lane of the buffer pool the current thread draws from: lane 0 unless inside `with`.
/// Parallel workers that run the same tasks every iteration should each use their own lane.
public enum BufferLanes {
    /// The number of lanes; lane numbers beyond it share the last lane.
    public static let count = 64

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "cannot create the buffer-lane thread key")
        return key
    }()

    /// The current thread's lane.
    static var current: Int {
        min(Int(bitPattern: pthread_getspecific(key)), count - 1)
    }

    /// Runs `body` with the buffers it allocates on this thread drawn from lane `lane`.
    public static func with<Result>(_ lane: Int, _ body: () throws -> Result) rethrows -> Result {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: max(0, lane)))
        defer { pthread_setspecific(key, previous) }
        return try body()
    }
}
