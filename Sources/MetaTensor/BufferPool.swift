#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recycles large tensor buffers. A training step allocates the same sizes every iteration;
/// handing freed buffers back instead of returning them to the system saves the page faults
/// and zeroing of fresh memory, and keeps the resident size flat from iteration to iteration.
///
/// Buffers below `minimumBytes` go straight to malloc. The pool holds at most `capacityBytes`
/// of idle buffers; beyond that, freed buffers are released.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private let minimumBytes = 64 * 1024
    private let capacityBytes = 2 * 1024 * 1024 * 1024
    private var idle: [Int: [UnsafeMutableRawPointer]] = [:]
    private var idleBytes = 0
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    private init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    /// The byte size actually reserved for a request (large requests round up to whole pages,
    /// so nearby sizes share buffers).
    private func bucket(_ bytes: Int) -> Int {
        bytes < minimumBytes ? bytes : (bytes + 4095) & ~4095
    }

    /// A 64-byte aligned buffer of at least `bytes` bytes, contents undefined.
    func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let size = bucket(max(bytes, 1))
        if size >= minimumBytes {
            pthread_mutex_lock(mutex)
            let reused = idle[size]?.popLast()
            if reused != nil { idleBytes -= size }
            pthread_mutex_unlock(mutex)
            if let reused { return reused }
        }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }

    /// Returns a buffer obtained from `allocate(_:)` with the same `bytes`.
    func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        let size = bucket(max(bytes, 1))
        if size >= minimumBytes {
            pthread_mutex_lock(mutex)
            let kept = idleBytes + size <= capacityBytes
            if kept {
                idle[size, default: []].append(pointer)
                idleBytes += size
            }
            pthread_mutex_unlock(mutex)
            if kept { return }
        }
        pointer.deallocate()
    }
}
