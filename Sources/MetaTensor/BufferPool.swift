import Synchronization

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
/// Buffers below `minimumBytes` go straight to malloc. Sizes from `geometricBytes` on are rounded
/// up to the next of eight size classes per doubling (less than an eighth more), so that episodes whose
/// shapes vary (Meta-Dataset's) still find idle buffers of their size class instead of leaving a
/// buffer of every size they ever asked for in the pool. All lanes together hold at most
/// `capacityBytes` of idle buffers: a buffer freed beyond that empties its own lane first, and is
/// released itself if that is not enough.
///
/// A request whose size class has no idle buffer in its lane takes the smallest idle one of up to
/// twice its size, which goes back to its own class when freed. A pass over layers that shrink
/// (ResNet-12's blocks) then runs a smaller layer's short-lived results in the idle buffers of the
/// larger layer before it, instead of keeping buffers of their own for them (150 MB less at the
/// peak of a ResNet-12 episode); allowing more than twice kept the resident size growing.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private let minimumBytes = 64 * 1024
    /// Where size classes start: below it, sizes round to whole pages.
    private let geometricBytes = 1 << 20
    /// 2 GB, or a quarter of the machine's memory when that is more: a ResNet-12 episode at 84×84
    /// keeps about 3 to 4 GB alive, and a 2 GB bound handed the rest back to the system only to
    /// fault it in again every episode.
    private let capacityBytes = max(
        2 << 30, Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE))) / 4)
    /// Idle bytes over all lanes.
    private let idleBytes = Atomic<Int>(0)
    /// Room before each pooled buffer for its lane number and its size class, keeping the 64-byte alignment.
    private let headerBytes = 64
    /// Where the header holds the size class.
    private let sizeOffset = MemoryLayout<Int>.stride
    private let lanes = (0..<BufferLanes.count).map { _ in Lane() }

    /// One lane's idle buffers, by size.
    private final class Lane {
        var idle: [Int: [UnsafeMutableRawPointer]] = [:]
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

    /// The byte size actually reserved for a request: whole pages, and from `geometricBytes` on the
    /// next size class (2^(k/8) times a power of two, in whole pages), so nearby sizes share buffers.
    func bucket(_ bytes: Int) -> Int {
        guard bytes >= minimumBytes else { return bytes }
        let pages = (bytes + 4095) & ~4095
        guard pages >= geometricBytes else { return pages }
        let power = Int.bitWidth - 1 - pages.leadingZeroBitCount
        let step = (1 << power) / 8
        return (pages + step - 1) / step * step
    }

    /// A 64-byte aligned buffer of at least `bytes` bytes from the current lane, contents undefined.
    func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let size = bucket(max(bytes, 1))
        guard size >= minimumBytes else { return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64) }
        let laneNumber = BufferLanes.current
        let lane = lanes[laneNumber]
        let reused: UnsafeMutableRawPointer? = lane.locked {
            let fit =
                lane.idle[size]?.isEmpty == false
                ? size : lane.idle.keys.filter { $0 > size && $0 <= 2 * size && lane.idle[$0]?.isEmpty == false }.min()
            guard let fit, let buffer = lane.idle[fit]?.popLast() else { return nil }
            idleBytes.subtract(fit, ordering: .relaxed)
            return buffer
        }
        if let reused { return reused }
        let block = UnsafeMutableRawPointer.allocate(byteCount: headerBytes + size, alignment: 64)
        block.storeBytes(of: laneNumber, as: Int.self)
        block.storeBytes(of: size, toByteOffset: sizeOffset, as: Int.self)
        return block + headerBytes
    }

    /// Returns a buffer obtained from `allocate(_:)` with the same `bytes` to its lane, in its own size class.
    func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        guard bucket(max(bytes, 1)) >= minimumBytes else { return pointer.deallocate() }
        let block = pointer - headerBytes
        let size = block.load(fromByteOffset: sizeOffset, as: Int.self)
        let lane = lanes[block.load(as: Int.self)]
        let kept = lane.locked {
            if idleBytes.load(ordering: .relaxed) + size > capacityBytes { empty(lane) }
            guard idleBytes.load(ordering: .relaxed) + size <= capacityBytes else { return false }
            lane.idle[size, default: []].append(pointer)
            idleBytes.add(size, ordering: .relaxed)
            return true
        }
        if !kept { block.deallocate() }
    }

    /// Releases every idle buffer of `lane`, whose lock the caller holds.
    private func empty(_ lane: Lane) {
        for (size, buffers) in lane.idle {
            for buffer in buffers { (buffer - headerBytes).deallocate() }
            idleBytes.subtract(size * buffers.count, ordering: .relaxed)
        }
        lane.idle = [:]
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
