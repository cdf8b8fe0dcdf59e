import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many threads one large operation (a convolution over a batch) may split its work over on
/// the current thread. Task-level parallelism comes first: a meta-batch runs its tasks on all
/// cores with one thread each; a lone task (one ProtoNet episode) gets the cores for its
/// operations instead. Kernels split work into pieces fixed by the data, never by the thread
/// count, so results are the same for any number of threads.
public enum IntraOperationParallelism {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "cannot create the parallelism thread key")
        return key
    }()

    /// The threads operations on this thread may use (1 unless inside `withThreads`).
    public static var threads: Int {
        Int(bitPattern: pthread_getspecific(key)).clamped(atLeast: 1)
    }

    /// Runs `body` with operations on this thread allowed `threads` threads.
    public static func withThreads<Result>(_ threads: Int, _ body: () throws -> Result) rethrows -> Result {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: max(1, threads)))
        defer { pthread_setspecific(key, previous) }
        return try body()
    }

    /// Calls `body(i)` for every piece i in `0..<count`, spread over the allowed threads: each
    /// thread claims the next unclaimed piece until none is left, so a thread that starts late or
    /// gets slower pieces does not hold the others up. Each piece runs on exactly one thread, and
    /// the pieces one thread runs come in increasing order, all in the caller's `NumericsMode`.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        let workers = min(threads, count)
        guard workers > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        let mode = NumericsMode.current
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                NumericsMode.with(mode) {
                    while case let index = next.add(1, ordering: .relaxed).oldValue, index < count {
                        shared.value(index)
                    }
                }
            }
        }
    }

    /// Calls `body` with each of `pieces` consecutive slices of `0..<count` (cut by the sizes
    /// alone), spread over the allowed threads like `forEach`.
    static func forEachSlice(_ count: Int, pieces: Int, _ body: (Range<Int>) -> Void) {
        forEach(pieces) { piece in body((piece * count / pieces)..<((piece + 1) * count / pieces)) }
    }
}

/// A value handed to worker threads that only read it or write disjoint memory through it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension Int {
    fileprivate func clamped(atLeast lower: Int) -> Int { Swift.max(self, lower) }
}
